package dev.pipeline.processor.ingest;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.processor.JsonSkip;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@link ProductRecord} off its JSON with a streaming parser, and hands anything it is not
 * sure of to Spring's {@link JacksonJsonDeserializer}, the deserializer this replaces (the delegate
 * of {@code ErrorHandlingDeserializer}, configured as before). Data binding a record was about a
 * fifth of the processor's CPU at a million records; the wire format is a flat object of strings,
 * a number and an ISO instant, which a parser reads directly.
 *
 * <p>Exactly the canonical reading, by construction: the fast path takes only what both read the same
 * way — every known field at most once, with a value of the token type the field is written with
 * ({@code null} where the field may be null), an instant as {@code Instant.toString} prints one, unknown
 * fields skipped, nothing after the object — and builds the record through its own constructor. Any
 * other input (malformed JSON, a number as a string, a duplicate field, a field missing that the record
 * requires, trailing tokens...) goes to the canonical deserializer, which reads or refuses it as it
 * always did: so a record that could not be read is dead-lettered with the same reason as before.
 * ProductRecordDeserializerTests compares both on generated records and on variants of them.
 *
 * <p>The processor keeps none of a record's {@code item} (the item as the API sent it; the report
 * carries the mapped fields and attributes only): the fast path steps over it, checking only that it
 * is an object or null (as bytes when it ends the record, see {@link JsonSkip}; with the parser otherwise), and what the canonical reads goes without it ({@link ProductRecord#withoutItem}).
 * So both read a record the same, with or without an item, and no item is held per record.
 */
public final class ProductRecordDeserializer implements Deserializer<ProductRecord> {

    private static final int VERSION = 1;
    private static final int RUN_ID = 1 << 1;
    private static final int SOURCE = 1 << 2;
    private static final int EXTERNAL_ID = 1 << 3;
    private static final int TITLE = 1 << 4;
    private static final int PRICE = 1 << 5;
    private static final int CATEGORY = 1 << 6;
    private static final int ENDPOINT = 1 << 7;
    private static final int FETCHED_AT = 1 << 8;
    private static final int ATTRIBUTES = 1 << 9;
    private static final int ITEM = 1 << 10;
    /** What the record cannot be made without (the rest read as {@code null} when absent). */
    private static final int REQUIRED = VERSION | RUN_ID | SOURCE | EXTERNAL_ID;

    /**
     * Parsers for the fast path, their buffers recycled per thread: with Jackson's default pool, shared
     * by the consumer threads, taking and returning a parser's buffers was 5 % of the processor's CPU
     * at a million records (JFR: {@code ConcurrentLinkedDeque.pollFirst}). The tokens are the same:
     * only where the buffers come from differs.
     */
    private static final JsonMapper PARSERS = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .build();

    /**
     * The run id, source and endpoint are the same text in record after record (a page's products come
     * in a row): the one read last is given again, the same {@code String}, when the text is equal. So
     * each is not built again, and where a run id is looked up per record (the ledger's open runs, its
     * validity) its hash is already known and equality is identity.
     */
    private static final RecentString RECENT_RUN_ID = new RecentString();

    private static final RecentString RECENT_SOURCE = new RecentString();
    private static final RecentString RECENT_ENDPOINT = new RecentString();

    private final JacksonJsonDeserializer<ProductRecord> canonical;

    public ProductRecordDeserializer() {
        this(new JacksonJsonDeserializer<>());
    }

    ProductRecordDeserializer(JacksonJsonDeserializer<ProductRecord> canonical) {
        this.canonical = canonical;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        canonical.configure(configs, isKey);
    }

    @Override
    public ProductRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        ProductRecord read = fast(data);
        return read != null ? read : withoutItem(canonical.deserialize(topic, data));
    }

    @Override
    public ProductRecord deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        ProductRecord read = fast(data);
        return read != null ? read : withoutItem(canonical.deserialize(topic, headers, data));
    }

    private static ProductRecord withoutItem(ProductRecord read) {
        return read == null ? null : read.withoutItem();
    }

    @Override
    public void close() {
        canonical.close();
    }

    /** The record, or {@code null} when the canonical deserializer is to decide. */
    static ProductRecord fast(byte[] data) {
        try (JsonParser in = PARSERS.createParser(data)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int seen = 0;
            int version = 0;
            String runId = null;
            String source = null;
            String externalId = null;
            String title = null;
            Double price = null;
            String category = null;
            String endpoint = null;
            Instant fetchedAt = null;
            Map<String, String> attributes = null;
            boolean ended = false; // the record's end already checked, past an item that ends it
            fields:
            for (String name = in.nextName(); name != null; name = in.nextName()) {
                JsonToken value = in.nextToken();
                int field = field(name);
                if (field == 0) {
                    in.skipChildren();
                    continue;
                }
                if ((seen & field) != 0) {
                    return null;
                }
                seen |= field;
                boolean isNull = value == JsonToken.VALUE_NULL;
                switch (field) {
                    case VERSION -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || in.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        version = in.getIntValue();
                    }
                    case RUN_ID, SOURCE, EXTERNAL_ID -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null; // null makes the record's constructor throw: the canonical says how
                        }
                        switch (field) {
                            case RUN_ID -> runId = RECENT_RUN_ID.of(in);
                            case SOURCE -> source = RECENT_SOURCE.of(in);
                            default -> externalId = in.getString();
                        }
                    }
                    case TITLE, CATEGORY, ENDPOINT -> {
                        if (value != JsonToken.VALUE_STRING && !isNull) {
                            return null;
                        }
                        switch (field) {
                            case TITLE -> title = isNull ? null : in.getString();
                            case CATEGORY -> category = isNull ? null : in.getString();
                            default -> endpoint = isNull ? null : RECENT_ENDPOINT.of(in);
                        }
                    }
                    case PRICE -> {
                        if (value == JsonToken.VALUE_NUMBER_FLOAT
                                || (value == JsonToken.VALUE_NUMBER_INT
                                        && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER)) {
                            price = in.getDoubleValue();
                        } else if (!isNull) {
                            return null;
                        }
                    }
                    case FETCHED_AT -> {
                        if (value == JsonToken.VALUE_STRING) {
                            fetchedAt = instant(in.getString());
                            if (fetchedAt == null) {
                                return null;
                            }
                        } else if (!isNull) {
                            return null;
                        }
                    }
                    case ITEM -> {
                        if (value == JsonToken.START_OBJECT) {
                            // Not kept: see the class's comment. The fetcher writes it last, so mostly the
                            // record ends with it, and the bytes are stepped over without the parser.
                            if (JsonSkip.endsRecord(
                                    data, in.currentTokenLocation().getByteOffset())) {
                                ended = true;
                                break fields;
                            }
                            in.skipChildren();
                        } else if (!isNull) {
                            return null;
                        }
                    }
                    default -> { // ATTRIBUTES
                        if (value == JsonToken.START_OBJECT) {
                            attributes = attributes(in);
                            if (attributes == null) {
                                return null;
                            }
                        } else if (!isNull) {
                            return null;
                        }
                    }
                }
            }
            if (!ended && (in.currentToken() != JsonToken.END_OBJECT || in.nextToken() != null)) {
                return null;
            }
            if ((seen & REQUIRED) != REQUIRED) {
                return null;
            }
            return new ProductRecord(
                    version, runId, source, externalId, title, price, category, endpoint, fetchedAt, attributes);
        } catch (RuntimeException e) { // JacksonException included: malformed JSON is the canonical's to refuse
            return null;
        }
    }

    private static int field(String name) {
        return switch (name) {
            case "version" -> VERSION;
            case "runId" -> RUN_ID;
            case "source" -> SOURCE;
            case "externalId" -> EXTERNAL_ID;
            case "title" -> TITLE;
            case "price" -> PRICE;
            case "category" -> CATEGORY;
            case "endpoint" -> ENDPOINT;
            case "fetchedAt" -> FETCHED_AT;
            case "attributes" -> ATTRIBUTES;
            case "item" -> ITEM;
            default -> 0;
        };
    }

    /** String values only; {@code null} for anything else, null values included. */
    private static Map<String, String> attributes(JsonParser in) {
        Map<String, String> attributes = new HashMap<>();
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            if (in.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            attributes.put(name, in.getString());
        }
        return in.currentToken() == JsonToken.END_OBJECT ? attributes : null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, a valid date and time of day; {@code null} for anything
     * else (a leap second, an offset, a number as a string...), however the canonical reads it.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z') {
            return null;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = length - 21;
            nano = digits(text, 20, fraction);
            if (nano < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nano *= 10;
            }
        } else if (length != 20) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second, nano);
        } catch (DateTimeException invalidDate) {
            return null;
        }
    }

    /** The decimal number of {@code count} ASCII digits at {@code at}; -1 when one is not a digit. */
    private static int digits(String text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
