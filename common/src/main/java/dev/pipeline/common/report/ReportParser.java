package dev.pipeline.common.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads a report in one pass of a streaming parser, section by section: a report can hold millions
 * of products, and no reader needs them all at once. The small sections ({@code summary},
 * {@code quality}, {@code metrics}) come as trees; the arrays ({@code products}, {@code errors}) as the parser, to be
 * read or skipped row by row ({@link #forEachObject}). Keys the format does not have are skipped, so
 * a reader keeps working with a report that has more than it knows of.
 */
public final class ReportParser {

    private ReportParser() {}

    /**
     * What a reader does with each section; by default, nothing (a section it needs no part of is
     * skipped unread).
     */
    public interface Sections {

        default void summary(JsonNode summary) {}

        /** Only for a report of a run that declared quality gates. */
        default void quality(JsonNode quality) {}

        /** Only for a report written since the section was added. */
        default void changes(JsonNode changes) {}

        /** With the parser on the section's value, which must be read through (or skipped). */
        default void products(JsonParser parser) {
            parser.skipChildren();
        }

        /** With the parser on the section's value, which must be read through (or skipped). */
        default void errors(JsonParser parser) {
            parser.skipChildren();
        }

        default void metrics(JsonNode metrics) {}
    }

    /**
     * Reads the report the parser is before (its mapper makes the trees), handing each section to
     * {@code sections} as it comes.
     *
     * @throws NotAReport when it is not a JSON object, or has no {@code summary} object
     */
    public static void read(JsonParser parser, Sections sections) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new NotAReport("it is not a JSON object");
        }
        boolean summary = false;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            parser.nextToken();
            switch (name) {
                case ReportKeys.SUMMARY -> {
                    JsonNode tree = parser.readValueAsTree();
                    summary = tree.isObject();
                    if (summary) {
                        sections.summary(tree);
                    }
                }
                case ReportKeys.QUALITY -> sections.quality(parser.readValueAsTree());
                case ReportKeys.CHANGES -> sections.changes(parser.readValueAsTree());
                case ReportKeys.PRODUCTS -> sections.products(parser);
                case ReportKeys.ERRORS -> sections.errors(parser);
                case ReportKeys.METRICS -> sections.metrics(parser.readValueAsTree());
                default -> parser.skipChildren();
            }
        }
        if (!summary) {
            throw new NotAReport("it has no summary");
        }
    }

    /**
     * The {@code quality} section of the report the parser is before, reading no further than the
     * sections written ahead of it ({@code summary}): what a run's state needs, without a pass over
     * its products.
     *
     * @return {@code null} when the report has none (its run declared no gates)
     * @throws NotAReport when it is not a JSON object
     */
    public static JsonNode quality(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new NotAReport("it is not a JSON object");
        }
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            parser.nextToken();
            switch (name) {
                case ReportKeys.SUMMARY -> parser.skipChildren();
                case ReportKeys.QUALITY -> {
                    return parser.readValueAsTree();
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The sections written ahead of the products ({@code summary}, {@code quality},
     * {@code changes}) of the report the parser is before, reading no further: what a run's
     * history needs, without a pass over its products. A section the report lacks is {@code null}.
     *
     * @throws NotAReport when it is not a JSON object, or has no {@code summary} object
     */
    public static Head head(JsonParser parser) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new NotAReport("it is not a JSON object");
        }
        JsonNode summary = null;
        JsonNode quality = null;
        JsonNode changes = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            parser.nextToken();
            switch (name) {
                case ReportKeys.SUMMARY -> summary = parser.readValueAsTree();
                case ReportKeys.QUALITY -> quality = parser.readValueAsTree();
                case ReportKeys.CHANGES -> changes = parser.readValueAsTree();
                default -> {
                    return Head.of(summary, quality, changes);
                }
            }
        }
        return Head.of(summary, quality, changes);
    }

    /** What {@link #head} reads: the summary (an object), and the quality and changes sections or {@code null}. */
    public record Head(JsonNode summary, JsonNode quality, JsonNode changes) {
        static Head of(JsonNode summary, JsonNode quality, JsonNode changes) {
            if (summary == null || !summary.isObject()) {
                throw new NotAReport("it has no summary");
            }
            return new Head(summary, quality, changes);
        }
    }

    /**
     * With the parser on an array: {@code row} for each of its objects, with the parser on the
     * object's start (the row must read it through, or skip it); anything else in it is skipped,
     * and so is a value that is no array.
     */
    public static void forEachObject(JsonParser parser, Consumer<JsonParser> row) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element == JsonToken.START_OBJECT) {
                row.accept(parser);
            } else {
                parser.skipChildren();
            }
        }
    }

    /** A report's or marker's instant; {@code null} when it has none, or one that is no instant. */
    public static Instant instant(JsonNode text) {
        if (text == null || !text.isString()) {
            return null;
        }
        try {
            return Instant.parse(text.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The file read is not a report; the message says why, as the end of a sentence ("it has no summary"). */
    public static final class NotAReport extends IllegalArgumentException {

        NotAReport(String why) {
            super(why);
        }
    }
}
