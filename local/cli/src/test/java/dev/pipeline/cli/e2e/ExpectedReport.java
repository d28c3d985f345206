package dev.pipeline.cli.e2e;

import dev.pipeline.upstream.Catalog;
import dev.pipeline.upstream.GeneratedProduct;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report of a default run over the stand-in upstream must say, computed here from the
 * generator and the validation rules, independently of the pipeline: 194 DummyJSON products,
 * 100 posts and 12 users (no price, category "unknown"), and the faulty API's valid items.
 */
record ExpectedReport(long products, long errors, List<Double> prices, Map<String, Long> categories,
                      Map<String, Long> requests) {

    static ExpectedReport forDefaultRun() throws Exception {
        Catalog catalog = new Catalog(Settings.defaults().size(), Settings.defaults().seed());
        List<Double> prices = new ArrayList<>();
        Map<String, Long> categories = new TreeMap<>();
        for (int id = 1; id <= 194; id++) {
            GeneratedProduct product = catalog.product(id);
            prices.add(product.price());
            categories.merge(product.category(), 1L, Long::sum);
        }
        categories.merge("unknown", 112L, Long::sum);
        long products = 306;
        for (JsonNode item : faultyItems()) {
            boolean valid = item.hasNonNull("id") && !item.path("name").asString("").isBlank()
                    && (!item.has("price") || item.get("price").asDouble() >= 0);
            if (valid) {
                products++;
                if (item.hasNonNull("price")) {
                    prices.add(item.get("price").asDouble());
                }
                String category = item.path("category").asString("");
                categories.merge(category.isBlank() ? "unknown" : category, 1L, Long::sum);
            }
        }
        // The faulty API: a 500 and a 429 retried once each, 5 pages; 1 malformed page + 3 invalid items.
        return new ExpectedReport(products, 4, prices, categories,
                Map.of("dummyjson", 10L, "jsonplaceholder", 1L, "reqres", 2L, "httpbin", 1L, "faulty", 7L));
    }

    /** The faulty API's items on its parseable pages (1, 2, 3 and 5), read from a private instance. */
    private static List<JsonNode> faultyItems() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        try (StandInUpstream upstream = StandInUpstream.start(0, Settings.defaults())) {
            HttpClient http = HttpClient.newHttpClient();
            for (int page : List.of(1, 2, 3, 5)) {
                HttpResponse<String> response;
                do {
                    response = http.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/faulty/items?page=" + page))
                            .build(), HttpResponse.BodyHandlers.ofString());
                } while (response.statusCode() != 200);
                JsonMapper.builder().build().readTree(response.body()).get("items").forEach(items::add);
            }
        }
        return items;
    }

    double min() {
        return prices.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double max() {
        return prices.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    double average() {
        return round(prices.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    double median() {
        List<Double> sorted = prices.stream().sorted().toList();
        int n = sorted.size();
        return round(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    }

    double successRate() {
        return BigDecimal.valueOf((double) products / (products + errors)).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
