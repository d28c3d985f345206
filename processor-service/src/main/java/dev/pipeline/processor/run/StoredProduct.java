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

    /** Where the price's 8 bytes are (after the flag at 0 saying whether there is one). */
    private static final int PRICE_AT = 1;

    /** Where the category's length in bytes is. */
    private static final int CATEGORY_LENGTH_AT = PRICE_AT + 8;

    /** Where its category's UTF-8 bytes start in a stored value; they run to {@link #jsonStart}. */
    public static final int CATEGORY_START = CATEGORY_LENGTH_AT + 4;

    /** One per consumer thread: a row is encoded per record read, into the same array every time. */
    private static final ThreadLocal<RowBytes> BUFFER = ThreadLocal.withInitial(() -> new RowBytes(1024));

    static byte[] encode(ProductRecord product, Instant processedAt) {
        RowBytes out = BUFFER.get().reset();
        int header = out.skip(CATEGORY_START);
        int categoryLength = out.utf8(product.category());
        ReportRows.writeProduct(out, product, processedAt);
        out.putByte(header, product.price() == null ? 0 : 1);
        out.putLong(header + PRICE_AT, Double.doubleToRawLongBits(product.price() == null ? 0 : product.price()));
        out.putInt(header + CATEGORY_LENGTH_AT, categoryLength);
        return out.copy(0);
    }

    /** The price of a stored product, {@code value} from its position 0 (see {@link RunStore#forEachProductValue}). */
    public static Double price(ByteBuffer value) {
        return value.get(0) == 1 ? value.getDouble(PRICE_AT) : null;
    }

    /** Its category, as {@link #price}. */
    public static String category(ByteBuffer value) {
        int length = value.getInt(CATEGORY_LENGTH_AT);
        return new String(value.array(), value.arrayOffset() + CATEGORY_START, length, StandardCharsets.UTF_8);
    }

    /** Where its report JSON starts in {@code value}; it runs to the value's limit. */
    public static int jsonStart(ByteBuffer value) {
        return CATEGORY_START + value.getInt(CATEGORY_LENGTH_AT);
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
