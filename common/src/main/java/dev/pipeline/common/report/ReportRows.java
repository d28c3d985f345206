package dev.pipeline.common.report;

import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.report.ReportKeys.Errors;
import dev.pipeline.common.report.ReportKeys.Products;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The elements of a report's {@code products} and {@code errors}, as the report prints them. The
 * processor encodes each row once, when it reads the record, and the report copies the bytes; so
 * this is the only code that writes a row, whoever writes it.
 */
public final class ReportRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportRows() {}

    /**
     * A product: its fields in the order of {@link Products}, then its attributes by name (the
     * record's map iterates in an order that differs from JVM to JVM).
     */
    public static void writeProduct(JsonGenerator out, ProductRecord product, Instant processedAt) {
        out.writeStartObject();
        out.writeStringProperty(Products.ID, product.externalId());
        out.writeStringProperty(Products.TITLE, product.title());
        out.writeStringProperty(Products.SOURCE, product.source());
        if (product.price() == null) {
            out.writeNullProperty(Products.PRICE);
        } else {
            out.writeNumberProperty(Products.PRICE, product.price());
        }
        out.writeStringProperty(Products.CATEGORY, product.category());
        out.writeStringProperty(Products.PROCESSED_AT, InstantText.of(processedAt));
        out.writeStringProperty(Products.FETCHED_AT, InstantText.of(product.fetchedAt()));
        Map<String, String> attributes = product.attributes();
        // One or none needs no sorting (and no copy): most products have none.
        for (Map.Entry<String, String> attribute :
                (attributes.size() < 2 ? attributes : new TreeMap<>(attributes)).entrySet()) {
            out.writeStringProperty(attribute.getKey(), attribute.getValue());
        }
        out.writeEndObject();
    }

    /**
     * {@link #writeProduct}, appended to {@code out}: the same bytes, written without a generator
     * unless a string has a surrogate in it (see {@link RowBytes}).
     */
    public static void writeProduct(RowBytes out, ProductRecord product, Instant processedAt) {
        int start = out.size();
        if (!fastProduct(out, product, processedAt)) {
            out.truncate(start);
            try (JsonGenerator generator = JSON.createGenerator(out)) {
                writeProduct(generator, product, processedAt);
            }
        }
    }

    private static boolean fastProduct(RowBytes out, ProductRecord product, Instant processedAt) {
        out.ascii("{\"" + Products.ID + "\":");
        if (!out.string(product.externalId())) {
            return false;
        }
        out.ascii(",\"" + Products.TITLE + "\":");
        if (!out.string(product.title())) {
            return false;
        }
        out.ascii(",\"" + Products.SOURCE + "\":");
        if (!out.string(product.source())) {
            return false;
        }
        out.ascii(",\"" + Products.PRICE + "\":");
        Double price = product.price();
        if (price == null) {
            out.ascii("null");
        } else if (Double.isFinite(price)) {
            out.ascii(Double.toString(price)); // as the generator prints a double
        } else {
            return false; // NaN and infinities: however the generator prints them
        }
        out.ascii(",\"" + Products.CATEGORY + "\":");
        if (!out.string(product.category())) {
            return false;
        }
        out.ascii(",\"" + Products.PROCESSED_AT + "\":\"");
        out.instant(processedAt);
        out.ascii("\",\"" + Products.FETCHED_AT + "\":\"");
        out.instant(product.fetchedAt());
        out.ascii("\"");
        Map<String, String> attributes = product.attributes();
        for (Map.Entry<String, String> attribute :
                (attributes.size() < 2 ? attributes : new TreeMap<>(attributes)).entrySet()) {
            out.write(',');
            if (!out.string(attribute.getKey())) {
                return false;
            }
            out.write(':');
            if (!out.string(attribute.getValue())) {
                return false;
            }
        }
        out.write('}');
        return true;
    }

    public static void writeError(JsonGenerator out, ErrorRow error) {
        out.writeStartObject();
        out.writeStringProperty(Errors.ENDPOINT, error.endpoint());
        out.writeStringProperty(Errors.ERROR, error.error());
        out.writeStringProperty(Errors.TIMESTAMP, InstantText.of(error.timestamp()));
        out.writeStringProperty(Errors.SOURCE, error.source());
        out.writeStringProperty(Errors.KIND, error.kind());
        out.writeNumberProperty(Errors.ATTEMPTS, error.attempts());
        out.writeEndObject();
    }

    /** {@link #writeError}, as bytes. */
    public static byte[] error(ErrorRow error) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(json)) {
            writeError(out, error);
        }
        return json.toByteArray();
    }

    /**
     * One of a report's errors.
     *
     * @param endpoint  what it concerns: a page's URL, {@code kafka:<topic>-<partition>@<offset>}, {@code report:<runId>}
     * @param source    the source it is of; {@code null} when it is of none (a record that names none, the report)
     * @param kind      one of {@link dev.pipeline.common.ErrorKind}'s wire names
     * @param attempts  requests sent for it, or tries; 0 when there were none
     */
    public record ErrorRow(
            String endpoint, String error, Instant timestamp, String source, String kind, int attempts) {}
}
