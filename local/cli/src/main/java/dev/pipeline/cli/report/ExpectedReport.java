package dev.pipeline.cli.report;

import dev.pipeline.common.report.ReportKeys.Metrics;
import dev.pipeline.common.report.ReportKeys.Prices;
import dev.pipeline.common.report.ReportKeys.Summary;
import dev.pipeline.upstream.Catalog;
import dev.pipeline.upstream.CatalogSize;
import dev.pipeline.upstream.GeneratedProduct;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the report of a run over the fetcher's default sources, served by the stand-in upstream,
 * must say, computed from the generator and the validation rules, independently of the pipeline:
 * the DummyJSON products (194 by default), 100 posts and 12 users (no price, category "unknown"),
 * and the faulty API's valid items.
 */
public record ExpectedReport(
        long products, long errors, List<Double> prices, Map<String, Long> categories, Map<String, Long> requests) {

    /** The fetcher's page size for DummyJSON (its application.yml). */
    static final int DUMMYJSON_PAGE_SIZE = 20;

    public ExpectedReport {
        prices = List.copyOf(prices);
        categories = Map.copyOf(categories);
        requests = Map.copyOf(requests);
    }

    /** A first run against a stand-in upstream started with its defaults. */
    public static ExpectedReport forDefaultRun() throws Exception {
        return forDefaultSources(Settings.defaults().size().products(), false);
    }

    /**
     * A run against a stand-in upstream serving {@code products} DummyJSON products (its
     * {@code --products}), default otherwise. The faulty API fails a page's first request only
     * (a 500 on page 2, a 429 on page 3) and once per upstream: with {@code faultsSpent} an
     * earlier run has had those, and this one sends each page once.
     */
    public static ExpectedReport forDefaultSources(int products, boolean faultsSpent) throws Exception {
        CatalogSize defaults = Settings.defaults().size();
        Catalog catalog = new Catalog(
                new CatalogSize(products, defaults.posts(), defaults.users()),
                Settings.defaults().seed());
        List<Double> prices = new ArrayList<>();
        Map<String, Long> categories = new TreeMap<>();
        for (int id = 1; id <= products; id++) {
            GeneratedProduct product = catalog.product(id);
            prices.add(product.price());
            categories.merge(product.category(), 1L, Long::sum);
        }
        long withoutCategory = defaults.posts() + defaults.users();
        categories.merge("unknown", withoutCategory, Long::sum);
        long valid = products + withoutCategory;
        for (JsonNode item : faultyItems()) {
            boolean isValid = item.hasNonNull("id")
                    && !item.path("name").asString("").isBlank()
                    && (!item.has("price") || item.get("price").asDouble() >= 0);
            if (isValid) {
                valid++;
                if (item.hasNonNull("price")) {
                    prices.add(item.get("price").asDouble());
                }
                String category = item.path("category").asString("");
                categories.merge(category.isBlank() ? "unknown" : category, 1L, Long::sum);
            }
        }
        // Offset-limit paging: the first page tells the total, then the rest; one page when empty.
        long dummyjsonPages = Math.max(1, (products + DUMMYJSON_PAGE_SIZE - 1) / DUMMYJSON_PAGE_SIZE);
        // The faulty API: 5 pages, a 500 and a 429 retried once each (unless spent);
        // 1 malformed page + 3 invalid items.
        return new ExpectedReport(
                valid,
                4,
                prices,
                categories,
                Map.of(
                        "dummyjson",
                        dummyjsonPages,
                        "jsonplaceholder",
                        1L,
                        "reqres",
                        2L,
                        "httpbin",
                        1L,
                        "faulty",
                        faultsSpent ? 5L : 7L));
    }

    /** The faulty API's items on its parseable pages (1, 2, 3 and 5), read from a private instance. */
    private static List<JsonNode> faultyItems() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        try (StandInUpstream upstream = StandInUpstream.start(0, Settings.defaults())) {
            HttpClient http = HttpClient.newHttpClient();
            for (int page : List.of(1, 2, 3, 5)) {
                HttpResponse<String> response;
                do {
                    response = http.send(
                            HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/faulty/items?page=" + page))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } while (response.statusCode() != 200);
                JsonMapper.builder()
                        .build()
                        .readTree(response.body())
                        .get("items")
                        .forEach(items::add);
            }
        }
        return items;
    }

    public double min() {
        return prices.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double max() {
        return prices.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    public double average() {
        return round(prices.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    public double median() {
        List<Double> sorted = prices.stream().sorted().toList();
        int n = sorted.size();
        return round(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    }

    public double successRate() {
        return BigDecimal.valueOf((double) products / (products + errors))
                .setScale(4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    public long totalRequests() {
        return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every figure of the summary that differs from this, one line each; empty when all match. */
    public List<String> differences(ReportSummary actual) {
        List<String> differences = new ArrayList<>();
        check(differences, Summary.TOTAL_PRODUCTS, products, actual.totalProducts());
        check(differences, Summary.TOTAL_ERRORS, errors, actual.totalErrors());
        check(differences, Summary.SUCCESS_RATE, successRate(), actual.successRate());
        PriceMetrics metrics = actual.prices();
        check(differences, Prices.VALID_PRICE_COUNT, (long) prices.size(), metrics.validPriceCount());
        checkPrice(differences, Prices.MIN_PRICE, min(), metrics.min());
        checkPrice(differences, Prices.MAX_PRICE, max(), metrics.max());
        check(differences, Prices.AVERAGE_PRICE, average(), metrics.average());
        check(differences, Prices.MEDIAN_PRICE, median(), metrics.median());
        check(
                differences,
                Metrics.CATEGORY_DISTRIBUTION,
                new TreeMap<>(categories),
                new TreeMap<>(actual.categories()));
        check(
                differences,
                Metrics.SOURCE_REQUEST_COUNTS,
                new TreeMap<>(requests),
                new TreeMap<>(actual.requestsPerSource()));
        return differences;
    }

    private static void check(List<String> differences, String figure, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(figure + ": expected " + expected + ", the report says " + actual);
        }
    }

    /** Prices in the report are rounded to 2 decimals; the generator's are not. */
    private static void checkPrice(List<String> differences, String figure, double expected, Double actual) {
        if (actual == null || Math.abs(expected - actual) >= 0.005) {
            differences.add(figure + ": expected " + expected + ", the report says " + actual);
        }
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
