package dev.pipeline.processor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Steps over a JSON object in UTF-8 bytes without tokenising it: where a record's {@code item} ends,
 * for the products deserializer ({@code ingest}) and the catalogue's reader ({@code catalog}), which keep
 * none of it. Jackson's {@code skipChildren} read
 * every token of it, names looked up in its symbol table, 8 % of the processor's CPU (JFR, issue #18).
 *
 * <p>Strict on purpose: it accepts only RFC 8259 JSON (whitespace of space, tab, CR and LF; strings of
 * well-formed UTF-8 without control characters, with the standard escapes; numbers by the grammar, no
 * longer than {@value #MAX_NUMBER}; at most {@value #MAX_DEPTH} levels; names of at most {@value
 * #MAX_NAME} bytes), all of which Jackson reads with the processor's settings. What it does not accept
 * it does not judge: the caller steps over it with the parser, as before. So what the deserializer
 * accepts through it, Jackson accepts too.
 */
public final class JsonSkip {

    static final int NOT_SURE = -1;
    private static final VarHandle EIGHT_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final int MAX_DEPTH = 63;
    static final int MAX_NUMBER = 100;
    static final int MAX_NAME = 1_000;

    private JsonSkip() {}

    /**
     * Whether the object at byte {@code start} (a record's item) is well-formed JSON this class is sure
     * of, followed by nothing but the record's closing brace and whitespace: then the record is read to
     * its end, as the parser would have found it. The offsets are bytes of a UTF-8 record (one that starts
     * with its brace and no second byte 0, not UTF-16 or -32, which Jackson detects).
     */
    public static boolean endsRecord(byte[] data, long start) {
        if (data.length < 2 || data[0] != '{' || data[1] == 0 || start <= 0 || start >= data.length) {
            return false;
        }
        int end = objectEnd(data, (int) start);
        if (end < 0) {
            return false;
        }
        int i = whitespace(data, end);
        if (i >= data.length || data[i] != '}') {
            return false;
        }
        return whitespace(data, i + 1) == data.length;
    }

    /**
     * The index just after the object that starts at {@code data[start]} (a {@code '{'}), or
     * {@link #NOT_SURE}.
     */
    static int objectEnd(byte[] data, int start) {
        if (start < 0 || start >= data.length || data[start] != '{') {
            return NOT_SURE;
        }
        int i = start;
        int depth = 0;
        long objects = 0; // bit d: the container at depth d + 1 is an object
        boolean value = true; // a value is expected at i (after whitespace)
        while (true) {
            if (value) {
                i = whitespace(data, i);
                if (i >= data.length) {
                    return NOT_SURE;
                }
                byte c = data[i];
                if (c == '{' || c == '[') {
                    if (depth == MAX_DEPTH) {
                        return NOT_SURE;
                    }
                    boolean object = c == '{';
                    objects = object ? objects | (1L << depth) : objects & ~(1L << depth);
                    depth++;
                    i = whitespace(data, i + 1);
                    if (i >= data.length) {
                        return NOT_SURE;
                    }
                    if (data[i] == (object ? '}' : ']')) {
                        depth--;
                        i++;
                        value = false;
                    } else if (object) {
                        i = name(data, i);
                        if (i < 0) {
                            return NOT_SURE;
                        }
                    }
                    continue;
                }
                if (c == '"') {
                    i = string(data, i, Integer.MAX_VALUE);
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    i = number(data, i);
                } else if (c == 't') {
                    i = literal(data, i, "true");
                } else if (c == 'f') {
                    i = literal(data, i, "false");
                } else if (c == 'n') {
                    i = literal(data, i, "null");
                } else {
                    return NOT_SURE;
                }
                if (i < 0) {
                    return NOT_SURE;
                }
                value = false;
                continue;
            }
            // after a value
            if (depth == 0) {
                return i;
            }
            i = whitespace(data, i);
            if (i >= data.length) {
                return NOT_SURE;
            }
            byte c = data[i];
            boolean inObject = (objects & (1L << (depth - 1))) != 0;
            if (c == ',') {
                i++;
                if (inObject) {
                    i = name(data, whitespace(data, i));
                    if (i < 0) {
                        return NOT_SURE;
                    }
                }
                value = true;
            } else if (c == (inObject ? '}' : ']')) {
                depth--;
                i++;
            } else {
                return NOT_SURE;
            }
        }
    }

    /**
     * Whether none of the eight bytes ends a string's plain run: a quote, a backslash, a control
     * character or a byte of a multi-byte character (the usual tests for a zero byte, applied to the
     * word XORed with {@code "} and with {@code \}, and for a byte below {@code 0x20}; each may
     * report a byte that is not there, never miss one, and a miss is only the byte-wise loop).
     */
    private static boolean plain(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        long special = ((quote - 0x0101010101010101L) & ~quote)
                | ((backslash - 0x0101010101010101L) & ~backslash)
                | ((word - 0x2020202020202020L) & ~word)
                | word;
        return (special & 0x8080808080808080L) == 0;
    }

    /** After a name and its colon at {@code i}, or -1. */
    private static int name(byte[] data, int i) {
        if (i >= data.length || data[i] != '"') {
            return -1;
        }
        int end = string(data, i, MAX_NAME);
        if (end < 0) {
            return -1;
        }
        end = whitespace(data, end);
        return end < data.length && data[end] == ':' ? end + 1 : -1;
    }

    private static int whitespace(byte[] data, int i) {
        while (i < data.length) {
            byte c = data[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** After the string whose quote is at {@code i}, at most {@code maxBytes} between its quotes; or -1. */
    private static int string(byte[] data, int i, int maxBytes) {
        int start = ++i;
        while (i < data.length) {
            // Most of a string is printable ASCII: stepped over eight bytes at a time while it is.
            // Once a word holds a byte that is not, byte by byte to that byte, which is then handled.
            while (i + Long.BYTES <= data.length && plain((long) EIGHT_BYTES.get(data, i))) {
                i += Long.BYTES;
            }
            int c = 0;
            while (i < data.length && (c = data[i] & 0xFF) >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                i++;
            }
            if (i >= data.length) {
                break;
            }
            if (c == '"') {
                return i - start > maxBytes ? -1 : i + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (i + 1 >= data.length) {
                    return -1;
                }
                switch (data[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (i + 6 > data.length) {
                            return -1;
                        }
                        for (int h = i + 2; h < i + 6; h++) {
                            if (Character.digit(data[h], 16) < 0) {
                                return -1;
                            }
                        }
                        i += 6;
                    }
                    default -> {
                        return -1;
                    }
                }
            } else if (c < 0x80) {
                i++;
            } else {
                i = utf8(data, i, c);
                if (i < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** After the well-formed multi-byte UTF-8 sequence led by {@code lead} at {@code i}, or -1. */
    private static int utf8(byte[] data, int i, int lead) {
        int count;
        int min;
        int code;
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 1;
            min = 0x80;
            code = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            count = 2;
            min = 0x800;
            code = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            count = 3;
            min = 0x10000;
            code = lead & 0x07;
        } else {
            return -1;
        }
        if (i + count >= data.length) {
            return -1;
        }
        for (int k = 1; k <= count; k++) {
            int next = data[i + k] & 0xFF;
            if ((next & 0xC0) != 0x80) {
                return -1;
            }
            code = (code << 6) | (next & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return -1;
        }
        return i + count + 1;
    }

    /** After the number at {@code i}, by JSON's grammar, or -1. */
    private static int number(byte[] data, int i) {
        int start = i;
        if (data[i] == '-') {
            i++;
        }
        if (i >= data.length) {
            return -1;
        }
        if (data[i] == '0') {
            i++;
        } else if (data[i] >= '1' && data[i] <= '9') {
            i = digits(data, i);
        } else {
            return -1;
        }
        if (i < data.length && data[i] == '.') {
            int fraction = ++i;
            i = digits(data, i);
            if (i == fraction) {
                return -1;
            }
        }
        if (i < data.length && (data[i] == 'e' || data[i] == 'E')) {
            i++;
            if (i < data.length && (data[i] == '+' || data[i] == '-')) {
                i++;
            }
            int exponent = i;
            i = digits(data, i);
            if (i == exponent) {
                return -1;
            }
        }
        return i - start > MAX_NUMBER ? -1 : i;
    }

    private static int digits(byte[] data, int i) {
        while (i < data.length && data[i] >= '0' && data[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int literal(byte[] data, int i, String literal) {
        if (i + literal.length() > data.length) {
            return -1;
        }
        for (int k = 0; k < literal.length(); k++) {
            if (data[i + k] != literal.charAt(k)) {
                return -1;
            }
        }
        return i + literal.length();
    }
}
