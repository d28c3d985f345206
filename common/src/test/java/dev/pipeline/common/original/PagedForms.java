package dev.pipeline.common.original;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The table of the original's {@code paged} forms, {@code src/test/resources/original-paged.txt}. */
record PagedForms(String expected, JsonNode value) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    PagedForms {
        if (!List.of("true", "false", "refused").contains(expected)) {
            throw new IllegalArgumentException("original-paged.txt: '" + expected + "' is not true, false or refused");
        }
    }

    static Stream<PagedForms> all() {
        try (InputStream table = PagedForms.class.getResourceAsStream("/original-paged.txt")) {
            String text = new String(table.readAllBytes(), StandardCharsets.UTF_8);
            return text
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\s+", 2))
                    .map(row -> new PagedForms(row[0], JSON.readTree(row[1])))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The forms a --url or pipeline.urls can carry: the strings' text. */
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
}
