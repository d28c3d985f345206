package dev.pipeline.common.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.common.ProductRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** A product row written without a generator is, byte for byte, the row the generator writes. */
class ReportRowsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every ASCII character (controls, quotes, backslash, slash, DEL), some of Latin-1 and beyond, and surrogates. */
    private static final String ALPHABET;

    static {
        StringBuilder alphabet = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            alphabet.append(c);
        }
        alphabet.append("ßüéœ€\u2028\u2029\u0800\u07ff\uffff\ufffe中文😀🎧"); // the emoji are surrogate pairs
        alphabet.append('\ud800').append('\udfff'); // lone surrogates
        ALPHABET = alphabet.toString();
    }

    @Test
    void generatedProductsAreWrittenAsTheGeneratorWritesThem() {
        SplittableRandom random = new SplittableRandom(16);
        RowBytes out = new RowBytes(16); // small: it grows
        for (int i = 0; i < 200_000; i++) {
            ProductRecord product = product(random, i);
            Instant processedAt = instant(random);
            assertSame(out, product, processedAt);
        }
    }

    @Test
    void instantsOfOneSecondAfterAnother() {
        SplittableRandom random = new SplittableRandom(25);
        RowBytes out = new RowBytes(256);
        long second = 1_800_000_000L;
        for (int i = 0; i < 100_000; i++) {
            second += random.nextInt(10) == 0 ? random.nextInt(-2, 3) : 0; // now and then the next, or an earlier one
            Instant processedAt =
                    Instant.ofEpochSecond(second, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            Instant fetchedAt = Instant.ofEpochSecond(second - 1, random.nextInt(1000) * 1_000_000L);
            ProductRecord product = product("t", 1.0, Map.of());
            assertSame(
                    out,
                    new ProductRecord(
                            1,
                            product.runId(),
                            product.source(),
                            product.externalId(),
                            product.title(),
                            product.price(),
                            product.category(),
                            product.endpoint(),
                            fetchedAt,
                            Map.of()),
                    processedAt);
        }
        assertSame(out, product("t", 1.0, Map.of()), Instant.ofEpochSecond(253_402_300_800L)); // year 10000
        assertSame(out, product("t", 1.0, Map.of()), Instant.ofEpochSecond(253_402_300_799L, 999_999_999));
        assertSame(out, product("t", 1.0, Map.of()), Instant.ofEpochSecond(-62_167_219_200L));
    }

    @Test
    void plainProductsAndEdgeCases() {
        RowBytes out = new RowBytes(1024);
        for (Double price : List.of(
                0.0,
                -0.0,
                1.0,
                129.99,
                1e7,
                1.0e-3,
                9.999999e-4,
                1e21,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY)) {
            assertSame(out, product("Handcrafted Wireless Headphones", price, Map.of()), Instant.EPOCH);
        }
        assertSame(out, product("a \"quoted\" \\ back/slash\n\t\u0000\u001f\u007f", 1.5, Map.of()), Instant.now());
        assertSame(out, product("emoji 😀 in a title", 1.5, Map.of("k😀", "v")), Instant.now());
        assertSame(out, product("lone \ud800", 1.5, Map.of()), Instant.now());
        assertSame(out, product("t", null, Map.of("b", "2", "a", "1", "é", "\u2028", "c/d", "")), Instant.now());
        assertSame(
                out,
                new ProductRecord(1, "run", "s", "1", null, null, null, null, null, null),
                Instant.ofEpochSecond(-62_167_219_201L)); // before year 0: Instant.toString's own text
    }

    @Test
    void rowsAppendAfterWhatIsThere() {
        RowBytes out = new RowBytes(8);
        out.write('x');
        ProductRecord product = product("😀 a generator's row", 2.0, Map.of());
        ReportRows.writeProduct(out, product, Instant.EPOCH);
        assertThat(new String(out.copy(1), StandardCharsets.UTF_8))
                .isEqualTo(new String(generated(product, Instant.EPOCH), StandardCharsets.UTF_8));
        assertThat(out.copy(0)[0]).isEqualTo((byte) 'x');
    }

    /** The same bytes; or, where the generator refuses the product (a lone surrogate), the same refusal. */
    private static void assertSame(RowBytes out, ProductRecord product, Instant processedAt) {
        byte[] expected;
        try {
            expected = generated(product, processedAt);
        } catch (RuntimeException refused) {
            out.reset();
            assertThatThrownBy(() -> ReportRows.writeProduct(out, product, processedAt))
                    .as("%s", product)
                    .isInstanceOf(refused.getClass())
                    .hasMessage(refused.getMessage());
            return;
        }
        out.reset();
        ReportRows.writeProduct(out, product, processedAt);
        assertThat(new String(out.copy(0), StandardCharsets.ISO_8859_1))
                .as("%s", product)
                .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
    }

    private static byte[] generated(ProductRecord product, Instant processedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            ReportRows.writeProduct(out, product, processedAt);
        }
        return bytes.toByteArray();
    }

    private static ProductRecord product(String title, Double price, Map<String, String> attributes) {
        return new ProductRecord(
                1,
                "run-20261123T120000Z-1a2b3c",
                "dummyjson",
                "734519",
                title,
                price,
                "mobile-accessories",
                "http://upstream/page",
                Instant.parse("2026-11-23T12:00:01.123456Z"),
                attributes);
    }

    private static ProductRecord product(SplittableRandom random, int i) {
        Map<String, String> attributes = new HashMap<>();
        int count = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
        for (int a = 0; a < count; a++) {
            attributes.put(text(random, 8), text(random, 20));
        }
        return new ProductRecord(
                1,
                "run-1",
                random.nextInt(10) == 0 ? text(random, 12) : "dummyjson",
                random.nextBoolean() ? Integer.toString(i) : text(random, 10),
                random.nextInt(20) == 0 ? null : text(random, 60),
                price(random),
                random.nextInt(10) == 0 ? null : text(random, 20),
                "http://upstream/page",
                random.nextInt(20) == 0 ? null : instant(random),
                attributes);
    }

    private static Double price(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> Double.longBitsToDouble(random.nextLong()); // anything, NaN included
            case 2 -> random.nextInt(1_000_000) / 100.0;
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(-8, 25));
            default -> (double) random.nextInt(10_000);
        };
    }

    private static Instant instant(SplittableRandom random) {
        long seconds = random.nextLong(0, 4_102_444_800L);
        return switch (random.nextInt(4)) {
            case 0 -> Instant.ofEpochSecond(seconds);
            case 1 -> Instant.ofEpochSecond(seconds, random.nextInt(1000) * 1_000_000L);
            case 2 -> Instant.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1000L);
            default -> Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
        };
    }

    /** Mostly plain ASCII, as products are; now and then anything of {@link #ALPHABET}. */
    private static String text(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        boolean wild = random.nextInt(4) == 0;
        StringBuilder text = new StringBuilder(length);
        for (int c = 0; c < length; c++) {
            if (wild) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            } else {
                text.append((char) random.nextInt(' ', 0x7f));
            }
        }
        return text.toString();
    }
}
