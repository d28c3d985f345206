package dev.pipeline.fetcher.upload;

import dev.pipeline.common.PipelineJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CSV upload (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes doubled,
 * and line breaks; CRLF or LF between rows): the header row names the fields, each further row is
 * an item with its values as strings, except a number-looking {@code price}, which is a number.
 * Empty values are absent fields. Read row by row, UTF-8 only, each row within {@link CsvLimits}:
 * a row with more fields, or a longer field, is an invalid item whose excess was never kept, so a
 * row of a million fields costs no more memory than one of a thousand.
 */
final class CsvItems {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String PRICE = "price";

    private CsvItems() {}

    /** Reads the file through, counting its rows: the check that it parses, before its run starts. */
    static FileScan scan(Path file, CsvLimits limits) throws IOException {
        try {
            return FileScan.of(walk(file, limits, null), null);
        } catch (MalformedFileException e) {
            return FileScan.malformed(e.getMessage());
        }
    }

    static void forEach(Path file, CsvLimits limits, ItemVisitor visitor) throws MalformedFileException, IOException {
        walk(file, limits, visitor);
    }

    /** Visits every row after the header, when there is a visitor; answers how many there are. */
    private static long walk(Path file, CsvLimits limits, ItemVisitor visitor)
            throws MalformedFileException, IOException {
        try (Rows rows = new Rows(file, limits)) {
            Row header = rows.next();
            if (header == null) {
                throw new MalformedFileException("empty file: a CSV upload starts with a header row");
            }
            if (header.problem() != null) {
                throw new MalformedFileException(
                        "line 1: " + (header.tooManyFields() ? "the header row " : "the header's ") + header.problem());
            }
            List<String> names = header.fields().stream().map(String::strip).toList();
            if (names.stream().allMatch(String::isEmpty)) {
                throw new MalformedFileException("line 1: the header row names no field");
            }
            long row = 0;
            for (Row fields = rows.next(); fields != null; fields = rows.next()) {
                if (fields.isBlank()) {
                    continue;
                }
                row++;
                if (visitor == null) {
                    continue;
                }
                if (fields.problem() != null) {
                    visitor.invalid(row, "row " + row + (fields.tooManyFields() ? " " : ": ") + fields.problem());
                } else if (fields.fields().size() != names.size()) {
                    visitor.invalid(
                            row,
                            "row " + row + " has " + fields.fields().size() + " fields where the header has "
                                    + names.size());
                } else {
                    visitor.item(row, item(names, fields.fields()));
                }
            }
            return row;
        } catch (CharacterCodingException e) {
            throw new MalformedFileException("not UTF-8 text");
        }
    }

    private static ObjectNode item(List<String> header, List<String> fields) {
        ObjectNode item = PipelineJson.mapper().createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String value = fields.get(i);
            if (name.isEmpty() || value.isEmpty()) {
                continue;
            }
            if (name.equals(PRICE) && NUMBER.matcher(value.strip()).matches()) {
                item.put(name, Double.parseDouble(value.strip()));
            } else {
                item.put(name, value);
            }
        }
        return item;
    }

    /**
     * One row: its fields, or what makes it too wide (then its fields are only those within the limits).
     *
     * @param tooManyFields whether the problem is the number of fields (else a field's length)
     */
    private record Row(List<String> fields, String problem, boolean tooManyFields) {

        boolean isBlank() {
            return problem == null && fields.size() == 1 && fields.getFirst().isEmpty();
        }
    }

    /** A row's fields as they are read, keeping only what is within the limits. */
    private static final class RowBuilder {

        private final CsvLimits limits;
        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private boolean tooManyFields;
        private int tooLongField;

        RowBuilder(CsvLimits limits) {
            this.limits = limits;
        }

        void append(char c) {
            if (tooManyFields) {
                return;
            }
            if (field.length() < limits.maxFieldLength()) {
                field.append(c);
            } else if (tooLongField == 0) {
                tooLongField = fields.size() + 1;
            }
        }

        void endField() {
            if (fields.size() < limits.maxFields()) {
                fields.add(field.toString());
            } else {
                tooManyFields = true;
            }
            field.setLength(0);
        }

        Row row() {
            if (tooManyFields) {
                return new Row(fields, "has more than " + limits.maxFields() + " fields", true);
            }
            if (tooLongField > 0) {
                return new Row(
                        fields,
                        "field " + tooLongField + " is longer than " + limits.maxFieldLength() + " characters",
                        false);
            }
            return new Row(fields, null, false);
        }
    }

    /** The rows of a CSV file, one at a time. */
    private static final class Rows implements AutoCloseable {

        private final PushbackReader in;
        private final CsvLimits limits;
        private long line = 1;

        Rows(Path file, CsvLimits limits) throws IOException {
            Reader decoded = new InputStreamReader(
                    Files.newInputStream(file),
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
            this.in = new PushbackReader(new BufferedReader(decoded, 1 << 16), 1);
            this.limits = limits;
            int first = in.read();
            if (first != '\uFEFF' && first != -1) {
                in.unread(first);
            }
        }

        /** The next row, or {@code null} at the end of the file. */
        Row next() throws IOException, MalformedFileException {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            long startLine = line;
            RowBuilder row = new RowBuilder(limits);
            boolean quoted = false;
            boolean closedQuote = false;
            boolean fieldStart = true;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new MalformedFileException("line " + startLine + ": a quoted field is never closed");
                    }
                    if (c == '"') {
                        int next = in.read();
                        if (next == '"') {
                            row.append('"');
                        } else {
                            quoted = false;
                            closedQuote = true;
                            c = next;
                            continue;
                        }
                    } else {
                        line += c == '\n' ? 1 : 0;
                        row.append((char) c);
                    }
                } else if (c == ',') {
                    row.endField();
                    closedQuote = false;
                    fieldStart = true;
                } else if (c == '\n' || c == '\r' || c == -1) {
                    if (c == '\r') {
                        int next = in.read();
                        if (next != '\n' && next != -1) {
                            in.unread(next);
                        }
                    }
                    line++;
                    row.endField();
                    return row.row();
                } else if (closedQuote) {
                    throw new MalformedFileException("line " + line + ": '" + (char) c
                            + "' after a closing quote (a quote inside a quoted field is written twice)");
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else {
                    row.append((char) c);
                    fieldStart = false;
                }
                c = in.read();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
