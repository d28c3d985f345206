package dev.pipeline.common.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A growable byte buffer that report rows are written into without a {@code JsonGenerator}: the
 * processor encodes a row per record read, and creating a generator for each (a buffer recycler
 * taken from a pool shared by the consumer threads, an output context, a copy out) cost more than
 * writing the row. Strings are escaped byte for byte as {@link ReportRows}' generator escapes them:
 * the escape of every ASCII character is taken from that generator itself when the class loads, and
 * other characters are UTF-8, as it writes them. A string with a surrogate (an emoji, or a lone one)
 * is not written here at all ({@link #string} answers {@code false}), and the row is then written by
 * the generator: so the bytes are the generator's, whichever way they were made. Meant to be reused
 * (one per thread): {@link #reset} keeps its array.
 */
public final class RowBytes extends OutputStream {

    /** What the generator writes for each ASCII character inside a string, without the quotes. */
    private static final byte[][] ASCII = new byte[128][];

    static {
        JsonMapper json = JsonMapper.builder().build();
        for (char c = 0; c < 128; c++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8);
            try (JsonGenerator generator = json.createGenerator(out)) {
                generator.writeString(String.valueOf(c));
            }
            byte[] quoted = out.toByteArray();
            ASCII[c] = Arrays.copyOfRange(quoted, 1, quoted.length - 1);
        }
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, as epoch seconds: the instants {@link #instant} prints itself. */
    private static final long FIRST = -62_167_219_200L;

    private static final long LAST = 253_402_300_799L;

    private byte[] bytes;
    private int size;
    /** {@code yyyy-MM-ddTHH:mm:ss} of {@link #second}: a thread's rows print instants of the same second in a row. */
    private final byte[] secondText = new byte[19];

    private long second = Long.MIN_VALUE;

    public RowBytes(int capacity) {
        this.bytes = new byte[capacity];
    }

    /** Empties it, keeping its array. */
    public RowBytes reset() {
        size = 0;
        return this;
    }

    public int size() {
        return size;
    }

    /** Drops everything after the first {@code size} bytes (what a row written only in part left). */
    public void truncate(int size) {
        this.size = size;
    }

    /** Its bytes, from {@code from} to the end, as a new array. */
    public byte[] copy(int from) {
        return Arrays.copyOfRange(bytes, from, size);
    }

    /** Room for {@code count} more bytes, to be filled by {@link #putInt}, {@link #putLong}... at their offsets. */
    public int skip(int count) {
        ensure(count);
        int at = size;
        size += count;
        return at;
    }

    public void putByte(int at, int value) {
        bytes[at] = (byte) value;
    }

    /** Big-endian, as {@code ByteBuffer} puts it. */
    public void putInt(int at, int value) {
        for (int i = 3; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    /** Big-endian, as {@code ByteBuffer} puts it. */
    public void putLong(int at, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** ASCII text as it is, unquoted and unescaped: punctuation, key names known not to need escaping, numbers. */
    void ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /** {@code text} UTF-8 encoded, unquoted and unescaped; answers its length in bytes. */
    public int utf8(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        write(encoded, 0, encoded.length);
        return encoded.length;
    }

    /**
     * {@code String.valueOf(instant)} as ASCII, unquoted (as {@link InstantText#of} prints it): the date
     * and time of day printed once per second, only the fraction for each instant of the same second.
     */
    void instant(Instant instant) {
        long seconds = instant == null ? 0 : instant.getEpochSecond();
        if (instant == null || seconds < FIRST || seconds > LAST) {
            ascii(InstantText.of(instant));
            return;
        }
        if (seconds != second) {
            String text = InstantText.of(Instant.ofEpochSecond(seconds));
            for (int i = 0; i < secondText.length; i++) {
                secondText[i] = (byte) text.charAt(i);
            }
            second = seconds;
        }
        ensure(secondText.length + 11);
        System.arraycopy(secondText, 0, bytes, size, secondText.length);
        size += secondText.length;
        int nano = instant.getNano();
        if (nano != 0) {
            bytes[size++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(nano / 1000, 6);
            } else {
                digits(nano, 9);
            }
        }
        bytes[size++] = 'Z';
    }

    private void digits(int value, int width) {
        for (int i = size + width - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += width;
    }

    /**
     * A JSON string, quoted and escaped as the generator writes it, or {@code null} as it writes a
     * {@code null} string; {@code false} (and nothing written that counts: the caller truncates)
     * when it has a surrogate, which only the generator writes.
     */
    boolean string(String text) {
        if (text == null) {
            ascii("null");
            return true;
        }
        int length = text.length();
        // At most 6 bytes per char (an escape \\u00XX), plus the quotes.
        ensure(6 * length + 2);
        byte[] out = bytes;
        int at = size;
        out[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                byte[] escaped = ASCII[c];
                if (escaped.length == 1) {
                    out[at++] = escaped[0];
                } else {
                    System.arraycopy(escaped, 0, out, at, escaped.length);
                    at += escaped.length;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                return false;
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[at++] = '"';
        size = at;
        return true;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
