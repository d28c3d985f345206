package dev.pipeline.common;

import java.math.BigInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a JSON document (a page of a source) to the same tree as {@code PipelineJson.mapper().readTree},
 * with each object remembering where its text lies when that text is already what {@link ItemJson#of}
 * would write for it (compact, strings unescaped, numbers as the writer prints them): an item kept
 * whole is then copied from the page instead of written again, which was 12 % of the fetcher's CPU
 * (JFR, issue #18). Items sent with whitespace, escapes or other number forms are written as before.
 *
 * <p>How an object's text is known to be canonical without writing it: while reading, each value's
 * canonical length is added up (what the writer would print), with strings holding a character the
 * writer escapes, and numbers whose text is not the writer's, counted as having none. The text in the
 * document is never shorter than that sum (whitespace, an escape, an overlong UTF-8 sequence, {@code -0}
 * for {@code 0} only lengthen it; a decimal is compared as text), so when the object spans exactly as
 * many bytes the two are the same bytes.
 *
 * <p>Anything this reader is not sure it reads as the mapper does (a duplicate field, a document that
 * is a scalar, trailing content, malformed JSON, very deep nesting) is read by the mapper instead, which
 * answers as it always did, errors included.
 */
public final class SlicedTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Deeper documents are the mapper's (it reads without recursion). */
    private static final int MAX_DEPTH = 200;

    private static final int NONE = -1;

    private SlicedTree() {}

    /** The tree, as {@code PipelineJson.mapper().readTree(json)} reads it; throws what that throws. */
    public static JsonNode read(byte[] json) {
        JsonNode tree = null;
        try (JsonParser in = PipelineJson.mapper().createParser(json)) {
            JsonToken first = in.nextToken();
            if (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY) {
                JsonNode root = new Reading(in, json).value(first, 0);
                if (in.nextToken() == null) {
                    tree = root;
                }
            }
        } catch (JacksonException | Unusual e) {
            tree = null; // the mapper's to read or refuse
        }
        return tree != null ? tree : PipelineJson.mapper().readTree(json);
    }

    /** Something the mapper is to decide. */
    private static final class Unusual extends RuntimeException {
        Unusual() {
            super(null, null, false, false);
        }
    }

    private static final class Reading {
        private final JsonParser in;
        private final byte[] document;
        /** The canonical length of the value just read, or {@link #NONE}. */
        private int length;

        Reading(JsonParser in, byte[] document) {
            this.in = in;
            this.document = document;
        }

        JsonNode value(JsonToken token, int depth) {
            switch (token) {
                case START_OBJECT -> {
                    return object(depth);
                }
                case START_ARRAY -> {
                    return array(depth);
                }
                case VALUE_STRING -> {
                    String text = in.getString();
                    length = asciiQuotedLength(text);
                    if (length == NONE) {
                        length = quotedLength(text);
                    }
                    return NODES.stringNode(text);
                }
                case VALUE_NUMBER_INT -> {
                    return integer();
                }
                case VALUE_NUMBER_FLOAT -> {
                    if (in.isNaN() || in.getNumberTypeFP() != JsonParser.NumberTypeFP.UNKNOWN) {
                        throw new Unusual();
                    }
                    double value = in.getDoubleValue();
                    length = plainDecimalLength(in.getStringCharacters(), in.getStringOffset(), in.getStringLength());
                    if (length == NONE) { // not sure without formatting: format it, as the writer does
                        String written = NumberOutput.toString(value, false);
                        length = in.getString().equals(written) ? written.length() : NONE;
                    }
                    return NODES.numberNode(value);
                }
                case VALUE_TRUE -> {
                    length = 4;
                    return NODES.booleanNode(true);
                }
                case VALUE_FALSE -> {
                    length = 5;
                    return NODES.booleanNode(false);
                }
                case VALUE_NULL -> {
                    length = 4;
                    return NODES.nullNode();
                }
                default -> throw new Unusual();
            }
        }

        private JsonNode integer() {
            switch (in.getNumberType()) {
                case INT -> {
                    int value = in.getIntValue();
                    length = decimalLength(value);
                    return NODES.numberNode(value);
                }
                case LONG -> {
                    long value = in.getLongValue();
                    length = decimalLength(value);
                    return NODES.numberNode(value);
                }
                case BIG_INTEGER -> {
                    BigInteger value = in.getBigIntegerValue();
                    length = value.toString().length();
                    return NODES.numberNode(value);
                }
                default -> throw new Unusual();
            }
        }

        private JsonNode object(int depth) {
            if (depth > MAX_DEPTH) {
                throw new Unusual();
            }
            long start = in.currentTokenLocation().getByteOffset();
            SlicedObjectNode node = new SlicedObjectNode(NODES, document);
            long canonical = 1; // {
            int fields = 0;
            for (JsonToken token = in.nextToken(); token != JsonToken.END_OBJECT; token = in.nextToken()) {
                String name = in.currentName();
                int nameLength = quotedLength(name);
                JsonNode value = value(in.nextToken(), depth + 1);
                node.add(name, value);
                fields++;
                canonical = nameLength == NONE || length == NONE || canonical == NONE
                        ? NONE
                        : canonical + (fields > 1 ? 1 : 0) + nameLength + 1 + length;
            }
            if (node.fieldCount() != fields) {
                throw new Unusual(); // a duplicate field: the mapper's setting decides
            }
            long end = in.currentTokenLocation().getByteOffset();
            if (canonical != NONE) {
                canonical += 1; // }
                if (spans(start, end, canonical, '{', '}')) {
                    node.canonicalAt((int) start, (int) end + 1);
                }
            }
            length = canonical > Integer.MAX_VALUE ? NONE : (int) canonical;
            return node;
        }

        private JsonNode array(int depth) {
            if (depth > MAX_DEPTH) {
                throw new Unusual();
            }
            ArrayNode node = NODES.arrayNode();
            long canonical = 1; // [
            for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
                node.add(value(token, depth + 1));
                canonical = length == NONE || canonical == NONE ? NONE : canonical + (node.size() > 1 ? 1 : 0) + length;
            }
            length = canonical == NONE || canonical + 1 > Integer.MAX_VALUE ? NONE : (int) canonical + 1;
            return node;
        }

        /**
         * The quoted length of the string just read (whole: after {@code getString}) when its text in the
         * document is as many bytes as it has characters, between quotes, else {@link #NONE}: then every
         * character is one byte of ASCII, none an escape (an escape, or a character of more than one
         * UTF-8 byte, is more bytes than characters, a character never fewer), so none the writer escapes
         * (a quote or backslash is one only escaped, a control character is refused raw) and the text is
         * what the writer writes. Known without a look at each character, which was 13 % of the samples
         * of a page read, mapped and written ({@code ItemMapperBenchmark}; a stand-in product's
         * description is most of its bytes).
         */
        private int asciiQuotedLength(String text) {
            long start = in.currentTokenLocation().getByteOffset();
            long end = in.currentLocation().getByteOffset(); // just past the closing quote
            return start >= 0
                            && end - start - 2 == text.length()
                            && end <= document.length
                            && document[(int) start] == '"'
                            && document[(int) end - 1] == '"'
                    ? text.length() + 2
                    : NONE;
        }

        /**
         * Whether {@code document[start..end]} is {@code length} bytes from {@code open} to {@code close}:
         * the parser's offsets are of the document's bytes (not of characters, as for a UTF-16 document).
         */
        private boolean spans(long start, long end, long length, char open, char close) {
            return start >= 0
                    && end < document.length
                    && end - start + 1 == length
                    && document[(int) start] == open
                    && document[(int) end] == close;
        }
    }

    /**
     * The length of the string quoted as the writer writes it when it escapes none of its characters
     * (control characters, quote, backslash; surrogates, which it may escape), else {@link #NONE}.
     */
    static int quotedLength(String text) {
        int length = 2;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    return NONE;
                }
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isSurrogate(c)) {
                return NONE;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * The length of a decimal's text when it certainly is what the writer prints for the double it
     * reads as ({@code Double.toString}, through {@code NumberOutput.toString}), else {@link #NONE}
     * (the caller then formats the value to compare): a plain decimal ({@code -?I.F}, no exponent),
     * with at most 15 significant digits, at least 10<sup>-3</sup> and below 10<sup>7</sup> in magnitude,
     * no leading zero in {@code I} and no trailing zero in {@code F} unless {@code F} is the one digit
     * {@code 0}. Formatting every price and size of a page to check this was 6 % of the fetcher's CPU
     * samples at 1M products (JFR, issue #16).
     *
     * <p>Why such a text {@code t} is {@code Double.toString(x)} of the double {@code x} nearest to it
     * (the parser's value; JDK 19+ specification of {@code Double.toString}): it picks, among the
     * decimals that round to {@code x}, one of the shortest (of 1 or 2 digits when the shortest has 1),
     * the one closest to {@code x}. {@code t} rounds to {@code x}. No other decimal of at most 15
     * significant digits rounds to {@code x}: 15 is {@code DBL_DIG}, so every such decimal in the normal
     * range comes back from its nearest double when rounded to 15 digits, and two of them with the same
     * nearest double would come back the same. So every decimal rounding to {@code x} other than
     * {@code t} is longer than 15 digits, {@code t} is the shortest, and the only candidate: it is
     * selected. For 10<sup>-3</sup> ≤ |x| < 10<sup>7</sup> (so is {@code x}: {@code t} is at least the
     * text {@code 0.001}, whose nearest double is above 10<sup>-3</sup>, and at most 15 digits below
     * 10<sup>7</sup>, more than half a unit in the last place of a double there) it is written plain:
     * the sign, the integer part without leading zeros, {@code .}, the fraction's digits with no trailing
     * zero, at least one digit. That is {@code t}'s own text. Zero ({@code 0.0}, {@code -0.0}) is left to
     * formatting. {@code SlicedTreeTests} compares this with formatting over generated decimals.
     */
    static int plainDecimalLength(char[] text, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (i < end && text[i] == '-') {
            i++;
        }
        int integerStart = i;
        while (i < end && isDigit(text[i])) {
            i++;
        }
        int integerDigits = i - integerStart;
        if (integerDigits == 0 || integerDigits > 7 || i == end || text[i] != '.') {
            return NONE; // no integer part, 10^7 or more, or not plain
        }
        boolean belowOne = text[integerStart] == '0';
        if (belowOne && integerDigits > 1) {
            return NONE; // a leading zero
        }
        int fractionStart = ++i;
        while (i < end && isDigit(text[i])) {
            i++;
        }
        int fractionDigits = i - fractionStart;
        if (i != end || fractionDigits == 0) {
            return NONE; // an exponent, or anything else
        }
        int significant;
        if (belowOne) {
            int zeros = 0;
            while (zeros < fractionDigits && text[fractionStart + zeros] == '0') {
                zeros++;
            }
            if (zeros == fractionDigits || zeros > 2) {
                return NONE; // zero, or below 10^-3 (written with an exponent)
            }
            significant = fractionDigits - zeros;
        } else {
            significant = integerDigits + fractionDigits; // counts a trailing 0 of "100.0": fewer accepted, still true
        }
        if (significant > 15 || (text[end - 1] == '0' && fractionDigits > 1)) {
            return NONE;
        }
        return length;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int length = value < 0 ? 2 : 1;
        for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
            length++;
        }
        return length;
    }
}
