package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tables: every figure present, ratios computed from the same run's numbers, verdicts honest. */
class BenchTablesTests {

    static WorkloadResult result(String workload, long products, double seconds, long oldGen) {
        Map<String, ServiceFigures> services = new LinkedHashMap<>();
        services.put(
                Service.FETCHER,
                new ServiceFigures(Service.FETCHER, 11L, 120L << 20, oldGen, 0L, 300L << 20, 20.0, 5.0, 0.2, 30L));
        services.put(
                Service.PROCESSOR,
                new ServiceFigures(Service.PROCESSOR, 12L, 150L << 20, oldGen, 0L, 350L << 20, 25.0, 4.0, 0.3, 40L));
        services.put(
                Service.UPSTREAM,
                new ServiceFigures(Service.UPSTREAM, 13L, null, null, null, 200L << 20, 10.0, null, null, null));
        services.put(
                Service.BROKER,
                new ServiceFigures(Service.BROKER, 14L, null, null, null, 400L << 20, 15.0, 3.0, null, null));
        return new WorkloadResult(
                workload,
                workload.startsWith("seed")
                        ? "seed workload: 1,000 pages of 1-10 items"
                        : "%,d products (pages of 100)".formatted(products),
                "run-1",
                products,
                products,
                0,
                products,
                products / 100,
                products / 100,
                seconds,
                seconds - 1,
                0.2,
                0.4,
                0.15,
                products * 300,
                262.4,
                3,
                new KafkaPerf.Produced(products, 200_000, 50, 100, 500),
                new KafkaPerf.Consumed(products, 300_000, 400_000, 100, 1000, 2000),
                services,
                Map.of(),
                "1.00 → 2.00");
    }

    @Test
    void ratiosUseTheSameRunsBaseline() {
        WorkloadResult r = result("products-1000000", 1_000_000, 20, 30L << 20);

        assertThat(r.endToEndRecordsPerSecond()).isEqualTo(50_000);
        assertThat(r.baselineMinRecordsPerSecond()).isEqualTo(200_000);
        assertThat(r.ratioToMin()).isEqualTo(0.25);
        assertThat(r.baselineSerialRecordsPerSecond())
                .isCloseTo(1 / (1 / 200_000.0 + 1 / 400_000.0), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.fetchRequestsPerSecond()).isCloseTo(10_000 / 19.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void rendersEveryFigureAndTheTargetsWithVerdicts() {
        String tables = BenchTables.render(List.of(
                result("products-10000", 10_000, 2, 20L << 20),
                result("products-1000000", 1_000_000, 20, 40L << 20),
                result("seed-1000-pages", 5_500, 0.8, 20L << 20)));

        assertThat(tables)
                .contains(
                        "### 1,000,000 products (pages of 100)",
                        "**20.00 s**",
                        "**50,000 records/s**",
                        "200,000 records/s",
                        "400,000 records/s; 300,000 records/s",
                        "**25.0 %**",
                        "10,000 requests",
                        "0.20–0.40 s",
                        "0.150 s",
                        "262 B",
                        "| processor | 150 MiB | 40 MiB | 0 MiB | 350 MiB | 25.0 s | 25.0 µs | 4.0 µs | 40, 0.300 s |",
                        "| stand-in-upstream | n/a | n/a | n/a | 200 MiB | 10.0 s | 10.0 µs | n/a | n/a |",
                        "| 20.0 µs / 25.0 µs / 10.0 µs / 15.0 µs |",
                        "### Cost curve");
        assertThat(tables)
                .contains("| 1,000,000 products end to end ≤ 15 s | 20.00 s | missed by 5.00 s (1.3x the target) |");
        assertThat(tables)
                .contains("| seed workload (55 pages) ≤ 1.5 s from the trigger to the report on disk | 0.80 s | met |");
        assertThat(tables)
                .contains(
                        "| end to end ≥ 40 % of min(producer, consumer), 1,000,000 | 25.0 % | missed by 15.0 points (1.6x short) |");
        assertThat(tables)
                .contains(
                        "| fetcher CPU per product at 1,000,000 ≤ 10.0 µs | 20.0 µs | missed by 10.00 µs (2.0x the target) |",
                        "| processor CPU per product at 1,000,000 ≤ 10.0 µs | 25.0 µs | missed by 15.00 µs (2.5x the target) |",
                        "| kafka-broker CPU per product at 1,000,000 ≤ 8.0 µs | 15.0 µs | missed by 7.00 µs (1.9x the target) |");
        assertThat(tables).doesNotContain("stand-in-upstream CPU per product at");
        assertThat(tables)
                .contains(
                        "fetcher heap flat from 10,000 to 1,000,000 records (peak old gen) | 20 MiB → 40 MiB (2.00x) | grows 2.00x");
    }

    @Test
    void cpuPerProductIsTheProcessCpuOfTheMeasuredRunOverTheReportsProducts() {
        WorkloadResult r = result("products-1000000", 1_000_000, 12, 30L << 20);
        Map<String, ServiceFigures> cheap = new LinkedHashMap<>(r.services());
        cheap.put(
                Service.FETCHER,
                new ServiceFigures(Service.FETCHER, 11L, 120L << 20, 1L, 0L, 300L << 20, 9.5, 2.5, 0.2, 30L));
        cheap.put(
                Service.BROKER,
                new ServiceFigures(Service.BROKER, 14L, null, null, null, 400L << 20, null, null, null, null));
        WorkloadResult measured = new WorkloadResult(
                r.workload(),
                r.title(),
                r.runId(),
                r.expectedProducts(),
                r.reportProducts(),
                r.reportErrors(),
                r.itemsFetched(),
                r.pagesFetched(),
                r.fetchRequests(),
                r.endToEndSeconds(),
                r.fetchSeconds(),
                r.lastConsumedToReportMinSeconds(),
                r.lastConsumedToReportMaxSeconds(),
                r.reportWriteSeconds(),
                r.reportBytes(),
                r.recordBytes(),
                r.partitions(),
                r.producer(),
                r.consumer(),
                cheap,
                Map.of(),
                r.loadAverage());

        assertThat(BenchTables.cpuMicrosPerRecord(measured, Service.FETCHER))
                .isCloseTo(9.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(BenchTables.cpuMicrosPerRecord(measured, Service.BROKER)).isNull();
        assertThat(BenchTables.targets(List.of(measured)))
                .contains(
                        "| fetcher CPU per product at 1,000,000 ≤ 10.0 µs | 9.5 µs | met |",
                        "| kafka-broker CPU per product at 1,000,000 ≤ 8.0 µs | n/a | not measured |",
                        "| 1,000,000 products end to end ≤ 15 s | 12.00 s | met |");
    }

    @Test
    void heapGrowthIsComparedOnOneInstanceOfEachNotAcrossInstanceCounts() {
        String tables = BenchTables.render(List.of(
                result("products-10000", 10_000, 2, 20L << 20),
                result("products-1000000", 1_000_000, 20, 40L << 20),
                result("products-1000000-2x", 1_000_000, 30, 90L << 20)));

        assertThat(tables)
                .contains("fetcher heap flat from 10,000 to 1,000,000 records (peak old gen) | 20 MiB → 40 MiB");
        assertThat(tables).doesNotContain("→ 90 MiB");
    }
}
