package dev.pipeline.fetcher.publish;

import dev.pipeline.common.ItemJson;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * A product record as the JSON bytes it is sent as on {@code pipeline.products}, written field
 * by field with a {@link JsonGenerator}: the same JSON that {@link PipelineJson#mapper()} writes
 * for a {@link ProductRecord} and reads back, without the bean serializer's reflection, property
 * lookups and per-call setup, which cost the fetcher more than the writing itself (JFR, issue #16).
 * The producer's value serializer sends a {@code byte[]} as it is. A field added to the record
 * must be added here too; {@code ProductJsonTests} fails until it is.
 *
 * <p>A page's products share their run, source, endpoint and fetch time: a {@link Writer}, one per
 * page, writes those once as JSON text and copies it into each record, and writes all the page's
 * records with one generator (JFR, issue #16: formatting the same {@code Instant} for every record,
 * and a generator with pooled buffers per record, were a third of this class's cost).
 *
 * <p>The item ({@link ProductRecord#item()}) is already JSON: its bytes are copied into the record
 * as they are, not written again from a tree.
 */
public final class ProductJson {

    private static final SerializableString VERSION = name("version");
    private static final SerializableString RUN_ID = name("runId");
    private static final SerializableString SOURCE = name("source");
    private static final SerializableString EXTERNAL_ID = name("externalId");
    private static final SerializableString TITLE = name("title");
    private static final SerializableString PRICE = name("price");
    private static final SerializableString CATEGORY = name("category");
    private static final SerializableString ENDPOINT = name("endpoint");
    private static final SerializableString FETCHED_AT = name("fetchedAt");
    private static final SerializableString ATTRIBUTES = name("attributes");
    private static final SerializableString ITEM = name("item");

    /** The mapper's own: the generator needs no serialization context (the mapper's would be made per call). */
    private static final TokenStreamFactory JSON = PipelineJson.mapper().tokenStreamFactory();

    private ProductJson() {}

    public static byte[] of(ProductRecord product) {
        // As the mapper's writeValueAsBytes does: the buffers come from the factory's pool and go back to it.
        BufferRecycler recycler = JSON._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), bytes, JsonEncoding.UTF8)) {
                write(json, product, bytes);
            }
            return bytes.getClearAndRelease();
        } finally {
            recycler.releaseToPool();
        }
    }

    /** A writer for the records of one page (or any records): not thread-safe, closed when done. */
    public static Writer writer() {
        return new Writer();
    }

    private static void write(JsonGenerator json, ProductRecord product, ByteArrayBuilder bytes) {
        json.writeStartObject();
        json.writeName(VERSION);
        json.writeNumber(product.version());
        string(json, RUN_ID, product.runId());
        string(json, SOURCE, product.source());
        variablePart(json, product);
        string(json, ENDPOINT, product.endpoint());
        string(json, FETCHED_AT, fetchedAt(product.fetchedAt()));
        attributes(json, product, bytes);
    }

    /** The fields that differ between a page's records. */
    private static void variablePart(JsonGenerator json, ProductRecord product) {
        string(json, EXTERNAL_ID, product.externalId());
        string(json, TITLE, product.title());
        json.writeName(PRICE);
        if (product.price() == null) {
            json.writeNull();
        } else {
            double price = product.price();
            String text = PlainDecimal.of(price); // the generator's own text for it, found without formatting
            if (text != null) {
                json.writeNumber(text);
            } else {
                json.writeNumber(price);
            }
        }
        string(json, CATEGORY, product.category());
    }

    /** As Jackson writes an Instant: ISO-8601 in UTC (DateTimeFormatter.ISO_INSTANT, as toString()). */
    private static String fetchedAt(Instant fetchedAt) {
        return fetchedAt == null ? null : fetchedAt.toString();
    }

    /**
     * The attributes, the item and the end of the record. The item's bytes go straight into
     * {@code bytes}, the generator's output: an empty raw value makes the generator write the
     * name's colon and count the value as written, a flush puts everything before it in
     * {@code bytes}, then the item is appended there.
     */
    private static void attributes(JsonGenerator json, ProductRecord product, ByteArrayBuilder bytes) {
        json.writeName(ATTRIBUTES);
        json.writeStartObject();
        for (Map.Entry<String, String> attribute : product.attributes().entrySet()) {
            json.writeName(attribute.getKey());
            json.writeString(attribute.getValue());
        }
        json.writeEndObject();
        ItemJson item = product.item();
        if (item != null) { // left out, as the mapper leaves it out (NON_NULL)
            json.writeName(ITEM);
            json.writeRawValue("");
            json.flush();
            item.writeTo(bytes);
        }
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, SerializableString name, String value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }

    /**
     * Writes records one after the other with one generator, each taken out as its own bytes, and
     * the fields a page's records share as the JSON text of the last value seen for each (compared
     * by reference first: a page's records hold the very same strings and {@code Instant}). That
     * text is what the generator wrote for the value, so the bytes are those of {@link #of}.
     */
    public static final class Writer implements AutoCloseable {

        /** No separator between root values: each record is taken out of the buffer on its own. */
        private static final ObjectWriteContext RECORDS = new ObjectWriteContext.Base() {
            @Override
            public SerializableString getRootValueSeparator(SerializableString defaultSeparator) {
                return null;
            }
        };

        private final BufferRecycler recycler = JSON._getBufferRecycler();
        private final ByteArrayBuilder bytes = new ByteArrayBuilder(recycler);
        private final JsonGenerator json = JSON.createGenerator(RECORDS, bytes, JsonEncoding.UTF8);
        private final Shared runId = new Shared();
        private final Shared source = new Shared();
        private final Shared endpoint = new Shared();
        private final Shared fetchedAt = new Shared();
        /** The head of the last record and what it was made of (see {@link #write}). */
        private SerializableString head;

        private SerializableString headRunId;
        private SerializableString headSource;
        private int headVersion;
        /** The run after the last record's own fields, and what it was made of. */
        private SerializableString tail;

        private SerializableString tailEndpoint;
        private SerializableString tailFetchedAt;

        /** Set when a record failed half-written: the generator is then mid-record, so it is not used again. */
        private boolean broken;

        private Writer() {}

        /** The same bytes as {@link ProductJson#of}. */
        public byte[] of(ProductRecord product) {
            if (broken) {
                return ProductJson.of(product);
            }
            try {
                return write(product);
            } catch (RuntimeException e) {
                broken = true;
                bytes.reset();
                throw e;
            }
        }

        /**
         * The fields a page's records share go in as two raw runs of bytes, made once per page, rather
         * than name by name and value by value through the generator, which checks its context for
         * each: the head before the record's own fields ({@code "version":1,"runId":…,"source":…,},
         * its comma included, as the generator counts the record's {@code externalId} as the object's
         * first field) and the run after them ({@code ,"endpoint":…,"fetchedAt":…}); the generator then
         * writes the comma before {@code attributes} itself.
         */
        private byte[] write(ProductRecord product) {
            json.writeStartObject();
            json.writeRaw(head(product));
            variablePart(json, product);
            json.writeRaw(tail(product));
            attributes(json, product, bytes);
            json.flush();
            byte[] record = bytes.toByteArray();
            bytes.reset();
            return record;
        }

        private SerializableString head(ProductRecord product) {
            SerializableString run = runId.json(product.runId());
            SerializableString from = source.json(product.source());
            if (head == null || run != headRunId || from != headSource || product.version() != headVersion) {
                head = new SerializedString("\"version\":" + product.version() + ",\"runId\":" + run.getValue()
                        + ",\"source\":" + from.getValue() + ",");
                headRunId = run;
                headSource = from;
                headVersion = product.version();
            }
            return head;
        }

        private SerializableString tail(ProductRecord product) {
            SerializableString at = endpoint.json(product.endpoint());
            Instant fetched = product.fetchedAt();
            SerializableString when =
                    fetchedAt.isLast(fetched) ? fetchedAt.json() : fetchedAt.remember(fetched, fetchedAt(fetched));
            if (tail == null || at != tailEndpoint || when != tailFetchedAt) {
                tail = new SerializedString(",\"endpoint\":" + at.getValue() + ",\"fetchedAt\":" + when.getValue());
                tailEndpoint = at;
                tailFetchedAt = when;
            }
            return tail;
        }

        @Override
        public void close() {
            try {
                json.close();
                bytes.release();
            } finally {
                recycler.releaseToPool();
            }
        }

        /** One shared field: its last value and that value's JSON text. */
        private static final class Shared {
            private boolean known;
            private Object value;
            private SerializableString json;

            boolean isLast(Object value) {
                return known && (value == this.value || (value != null && value.equals(this.value)));
            }

            SerializableString json() {
                return json;
            }

            /** @param text the value as text, {@code null} for JSON's null */
            SerializableString remember(Object value, String text) {
                this.json = new SerializedString(text == null ? "null" : quoted(text));
                this.value = value;
                this.known = true;
                return json;
            }

            SerializableString json(String text) {
                return isLast(text) ? json : remember(text, text);
            }
        }

        /** The string as the generator writes it: quoted, escaped. */
        private static String quoted(String text) {
            BufferRecycler recycler = JSON._getBufferRecycler();
            try (ByteArrayBuilder quoted = new ByteArrayBuilder(recycler)) {
                try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), quoted, JsonEncoding.UTF8)) {
                    json.writeString(text);
                }
                return new String(quoted.getClearAndRelease(), StandardCharsets.UTF_8);
            } finally {
                recycler.releaseToPool();
            }
        }
    }
}
