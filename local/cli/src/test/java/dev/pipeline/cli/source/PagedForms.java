package dev.pipeline.cli.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table of the original's {@code paged} forms. It lives with the fetcher's tests
 * ({@code fetcher-service/src/test/resources/original-paged.txt}) and is read here from the
 * repository, so that the CLI and the fetcher, which share no code, keep one rule.
 */
record PagedForms(String expected, JsonNode value) {

    private static final String TABLE = "fetcher-service/src/test/resources/original-paged.txt";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    PagedForms {
        if (!List.of("true", "false", "refused").contains(expected)) {
            throw new IllegalArgumentException(TABLE + ": '" + expected + "' is not true, false or refused");
        }
    }

    static Stream<PagedForms> all() {
        try {
            return Files.readAllLines(table()).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\s+", 2))
                    .map(row -> new PagedForms(row[0], JSON.readTree(row[1]))).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The forms a --url can carry: the strings' text. */
    static Stream<PagedForms> texts() {
        return all().filter(form -> form.value().isString());
    }

    boolean refused() {
        return expected.equals("refused");
    }

    boolean paged() {
        return Boolean.parseBoolean(expected);
    }

    /** How a refusal names the value: text quoted, a number as written, an object or array by kind only. */
    String described() {
        if (value.isString()) {
            return "'" + value.stringValue() + "'";
        }
        return value.isObject() ? "an object" : value.isArray() ? "an array" : value.toString();
    }

    @Override
    public String toString() {
        return value + " → " + expected;
    }

    private static Path table() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(TABLE))) {
                return dir.resolve(TABLE);
            }
        }
        throw new IllegalStateException("no " + TABLE + " above " + Path.of("").toAbsolutePath());
    }
}
