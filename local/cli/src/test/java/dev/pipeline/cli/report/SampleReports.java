package dev.pipeline.cli.report;

import dev.pipeline.common.report.testing.ReportSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small reports in the processor's format, written the way the processor writes them (a product per
 * line, titles with brackets and braces) and checked against the published schema.
 */
final class SampleReports {

    private SampleReports() {}

    static Path write(Path file, int products) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("""
                    {"summary":{"run_id":"run-42","total_products":%d,"total_errors":2,"processing_time_seconds":1.5,
                      "success_rate":0.8,"sources":["dummyjson","jsonplaceholder"],
                      "started_at":"2026-11-23T10:00:00Z","finished_at":"2026-11-23T10:00:01.5Z",
                      "incomplete":false,"missing_records":0},
                     "products":[""".formatted(products));
            for (int i = 0; i < products; i++) {
                out.write((i == 0 ? "" : ",\n") + """
                        {"id":"%d","title":"Product [%d] {with braces}","source":"dummyjson","price":%d.5,"category":"c",\
                        "processed_at":"2026-11-23T10:00:01Z","fetched_at":"2026-11-23T10:00:00.5Z","tags":"[1, [2]]"}""".formatted(i, i, i));
            }
            out.write("""
                    ],
                     "errors":[{"endpoint":"/delay/5","error":"no answer within 10 s","timestamp":"2026-11-23T10:00:01Z",
                                "source":"httpbin","kind":"timeout","attempts":3},
                               {"endpoint":"/posts?page=9","error":"HTTP 500","timestamp":"2026-11-23T10:00:01Z",
                                "source":"jsonplaceholder","kind":"http_error","attempts":3}],
                     "metrics":{
                       "price_metrics":{"min_price":0.99,"max_price":1999.99,"average_price":120.125,"median_price":19.5,"valid_price_count":8},
                       "category_distribution":{"groceries":27,"beauty":5,"unknown":112,"fragrances":5,"laptops":5,"smartphones":16,"tops":5},
                       "source_request_counts":{"jsonplaceholder":1,"dummyjson":7,"reqres":2},
                       "source_stats":{"dummyjson":{"requests":7,"succeeded":7,"failed":0,"retried":0,"items":194,"invalid_items":0}}}}
                    """);
        }
        ReportSchema.assertValidReport(file);
        return file;
    }
}
