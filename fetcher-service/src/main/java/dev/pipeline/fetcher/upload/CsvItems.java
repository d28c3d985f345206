package dev.pipeline.fetcher.upload;

import dev.pipeline.common.PipelineJson;
import tools.jackson.databind.node.ObjectNode;

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

/**
 * A CSV upload (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes doubled,
 * and line breaks; CRLF or LF between rows): the header row names the fields, each further row is
 * an item with its values as strings, except a number-looking {@code price}, which is a number.
 * Empty values are absent fields. Read row by row, UTF-8 only.
 */
final class CsvItems {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String PRICE = "price";

    private CsvItems() {
    }

    /** With a {@code null} visitor, only reads the file through: the check that it parses. */
    static void forEach(Path file, ItemVisitor visitor) throws MalformedFileException, IOException {
        try (Rows rows = new Rows(file)) {
            List<String> header = rows.next();
            if (header == null) {
                throw new MalformedFileException("empty file: a CSV upload starts with a header row");
            }
            header = header.stream().map(String::strip).toList();
            if (header.stream().allMatch(String::isEmpty)) {
                throw new MalformedFileException("line 1: the header row names no field");
            }
            long row = 0;
            for (List<String> fields = rows.next(); fields != null; fields = rows.next()) {
                if (fields.size() == 1 && fields.getFirst().isEmpty()) {
                    continue; // a blank line
                }
                row++;
                if (visitor == null) {
                    continue;
                }
                if (fields.size() != header.size()) {
                    visitor.invalid(row, "row " + row + " has " + fields.size() + " fields where the header has "
                            + header.size());
                } else {
                    visitor.item(row, item(header, fields));
                }
            }
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

    /** The rows of a CSV file, one at a time. */
    private static final class Rows implements AutoCloseable {

        private final PushbackReader in;
        private long line = 1;

        Rows(Path file) throws IOException {
            Reader decoded = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            this.in = new PushbackReader(new BufferedReader(decoded, 1 << 16), 1);
            int first = in.read();
            if (first != '\uFEFF' && first != -1) {
                in.unread(first);
            }
        }

        /** The next row's fields, or {@code null} at the end of the file. */
        List<String> next() throws IOException, MalformedFileException {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            long startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
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
                            field.append('"');
                        } else {
                            quoted = false;
                            closedQuote = true;
                            c = next;
                            continue;
                        }
                    } else {
                        line += c == '\n' ? 1 : 0;
                        field.append((char) c);
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
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
                    fields.add(field.toString());
                    return fields;
                } else if (closedQuote) {
                    throw new MalformedFileException("line " + line + ": '" + (char) c
                            + "' after a closing quote (a quote inside a quoted field is written twice)");
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else {
                    field.append((char) c);
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
