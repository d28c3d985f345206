package dev.pipeline.common.report.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test support, shared through common's test-jar: the published schemas of the output directory's
 * files ({@code report.schema.json}, {@code abandoned.schema.json}), applied. The tests of the
 * processor and the CLI read every report and marker through here, so a file that does not match its
 * schema fails the test that reads it, with every mismatch named. Formats ({@code date-time}) are
 * asserted, and a key given twice in one object fails the read.
 */
public final class ReportSchema {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Named REPORT = load("report.schema.json");
    private static final Named MARKER = load("abandoned.schema.json");

    private ReportSchema() {}

    /** The report in {@code file}, once it is known to match the schema. */
    public static JsonNode readReport(Path file) {
        return valid(REPORT, read(file), file.toString());
    }

    /** The report {@code json} is (as served by {@code GET /api/runs/{id}/report}), once it is known to match. */
    public static JsonNode readReport(String json) {
        return valid(REPORT, JSON.readTree(json), "the report");
    }

    /** The abandoned-run marker in {@code file}, once it is known to match its schema. */
    public static JsonNode readMarker(Path file) {
        return valid(MARKER, read(file), file.toString());
    }

    /** @throws AssertionError naming every way the report in {@code file} does not match the schema */
    public static void assertValidReport(Path file) {
        readReport(file);
    }

    /** Every way {@code report} does not match the report schema; empty when it does. */
    public static List<String> reportProblems(JsonNode report) {
        return problems(REPORT, report);
    }

    /** Every way {@code marker} does not match the marker schema; empty when it does. */
    public static List<String> markerProblems(JsonNode marker) {
        return problems(MARKER, marker);
    }

    private static JsonNode valid(Named schema, JsonNode json, String what) {
        List<String> problems = problems(schema, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    what + " does not match " + schema.name() + ":\n  " + String.join("\n  ", problems));
        }
        return json;
    }

    private static List<String> problems(Named schema, JsonNode json) {
        return schema.schema().validate(json).stream().map(Error::toString).toList();
    }

    private static JsonNode read(Path file) {
        return JSON.readTree(file.toFile());
    }

    private static Named load(String name) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .build()));
        try (InputStream in = ReportSchema.class.getResourceAsStream("/dev/pipeline/common/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new Named(name, registry.getSchema(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Named(String name, Schema schema) {}
}
