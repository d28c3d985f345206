package dev.pipeline.processor.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test support: a report file in the shape the processor writes, with the parts the stats read. */
final class Reports {

    private Reports() {
    }

    static Path write(Path directory, String runId, String startedAt, String products, String errors,
                      String requestCounts, String categories) throws IOException {
        int productCount = products.strip().equals("[]") ? 0 : products.split("\"id\"").length - 1;
        int errorCount = errors.strip().equals("[]") ? 0 : errors.split("\"endpoint\"").length - 1;
        String sources = requestCounts.replaceAll("\"([^\"]+)\":\\d+", "\"$1\"").replace('{', '[').replace('}', ']');
        double rate = productCount + errorCount == 0 ? 0 : (double) productCount / (productCount + errorCount);
        String report = """
                {
                  "summary" : {
                    "run_id" : "%s",
                    "total_products" : %d,
                    "total_errors" : %d,
                    "processing_time_seconds" : 1.5,
                    "success_rate" : %s,
                    "sources" : %s,
                    "started_at" : "%s",
                    "finished_at" : "%s"
                  },
                  "products" : %s,
                  "errors" : %s,
                  "metrics" : {
                    "price_metrics" : {"min_price" : null, "max_price" : null, "average_price" : null,
                                       "median_price" : null, "valid_price_count" : 0},
                    "category_distribution" : %s,
                    "source_request_counts" : %s,
                    "source_stats" : {}
                  }
                }
                """.formatted(runId, productCount, errorCount, rate, sources, startedAt, startedAt, products, errors,
                categories, requestCounts);
        return Files.writeString(directory.resolve(runId + ".json"), report);
    }
}
