package dev.pipeline.processor.run;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.report.ReportRows;
import dev.pipeline.common.report.RowBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * How a product is kept in a {@link RunStore}: the few fields the metrics need up front, so the
 * report is aggregated without parsing JSON, then the product exactly as the report prints it,
 * so the report copies it byte for byte (the row as {@link ReportRows} prints it).
 *
 * <pre>[hasPrice:1][price:8][categoryLength:4][category][report JSON]</pre>
 */
public record StoredProduct(Double price, String category, byte[] json) {

    /** One per consumer thread: a row is encoded per record read, into the same array every time. */
    private static final ThreadLocal<RowBytes> BUFFER = ThreadLocal.withInitial(() -> new RowBytes(1024));

    static byte[] encode(ProductRecord product, Instant processedAt) {
        RowBytes out = BUFFER.get().reset();
        int header = out.skip(1 + 8 + 4);
        int categoryLength = out.utf8(product.category());
        ReportRows.writeProduct(out, product, processedAt);
        out.putByte(header, product.price() == null ? 0 : 1);
        out.putLong(header + 1, Double.doubleToRawLongBits(product.price() == null ? 0 : product.price()));
        out.putInt(header + 9, categoryLength);
        return out.copy(0);
    }

    /** The price of a stored product, {@code value} from its position 0 (see {@link RunStore#forEachProductValue}). */
    public static Double price(ByteBuffer value) {
        return value.get(0) == 1 ? value.getDouble(1) : null;
    }

    /** Its category, as {@link #price}. */
    public static String category(ByteBuffer value) {
        int length = value.getInt(9);
        return new String(value.array(), value.arrayOffset() + 13, length, StandardCharsets.UTF_8);
    }

    /** Where its category's UTF-8 bytes start in {@code value}; they run to {@link #jsonStart}. */
    public static final int CATEGORY_START = 1 + 8 + 4;

    /** Where its report JSON starts in {@code value}; it runs to the value's limit. */
    public static int jsonStart(ByteBuffer value) {
        return 13 + value.getInt(9);
    }

    public static StoredProduct decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        boolean hasPrice = in.get() == 1;
        double price = in.getDouble();
        byte[] category = new byte[in.getInt()];
        in.get(category);
        byte[] json = new byte[in.remaining()];
        in.get(json);
        return new StoredProduct(hasPrice ? price : null, new String(category, StandardCharsets.UTF_8), json);
    }
}
