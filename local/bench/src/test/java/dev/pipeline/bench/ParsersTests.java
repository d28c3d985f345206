package dev.pipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** What the benchmark reads from others' output: Prometheus text, /proc status, the Kafka tools. */
class ParsersTests {

    @Test
    void addsUpTheHeapPoolsOfAPrometheusScrape() {
        PrometheusText text = PrometheusText.parse("""
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{application="processor-service",area="heap",id="G1 Eden Space"} 1.2E7
                jvm_memory_used_bytes{application="processor-service",area="heap",id="G1 Old Gen"} 3000000.0
                jvm_memory_used_bytes{application="processor-service",area="nonheap",id="Metaspace"} 9.9E7
                jvm_gc_live_data_size_bytes{application="processor-service"} 2500000.0
                pipeline_products_consumed_total{application="processor-service"} 2000.0
                odd_label{path="/a{b}",x="say \\"hi\\""} 1 1732360000000
                """);

        assertThat(text.sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area"))))
                .hasValue(15_000_000);
        assertThat(text.sum("jvm_gc_live_data_size_bytes")).hasValue(2_500_000);
        assertThat(text.sum("pipeline_products_consumed_total")).hasValue(2000);
        assertThat(text.sum("odd_label", labels -> labels.equals(Map.of("path", "/a{b}", "x", "say \"hi\""))))
                .hasValue(1);
        assertThat(text.sum("missing")).isEmpty();
    }

    @Test
    void readsPeakAndCurrentResidentSetFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  412340 kB\nVmRSS:\t  400000 kB\n";

        assertThat(ProcStatus.field(status, "VmHWM:")).hasValue(412_340L * 1024);
        assertThat(ProcStatus.field(status, "VmRSS:")).hasValue(400_000L * 1024);
        assertThat(ProcStatus.field(status, "VmSwap:")).isEmpty();
    }

    /** A thread's name may hold spaces and parentheses; only the JIT compiler threads' ticks count. */
    @Test
    void chargesOnlyTheJitCompilerThreadsTicks() {
        String c2 = "4711 (C2 CompilerThre) S 1 1 1 0 -1 4194368 3000 0 0 0 250 12 0 0 20 0 1 0 400 0 0";
        String c1 = "4712 (C1 CompilerThre) S 1 1 1 0 -1 4194368 900 0 0 0 40 3 0 0 20 0 1 0 400 0 0";
        String worker = "4713 (pool (1) C2 CompilerThre) R 1 1 1 0 -1 4194368 10 0 0 0 999 99 0 0 20 0 1 0 400";
        assertThat(ProcStatus.compilerTicks(c2)).isEqualTo(262);
        assertThat(ProcStatus.compilerTicks(c1)).isEqualTo(43);
        assertThat(ProcStatus.compilerTicks(worker)).isZero();
        assertThat(ProcStatus.compilerTicks("")).isZero();
    }

    /** This JVM's own compiler threads, read the same way: some CPU, never more than the process used. */
    @Test
    void readsThisJvmsJitCompilerCpu() {
        long pid = ProcessHandle.current().pid();
        java.time.Duration jit = ProcStatus.jitCpu(pid).orElseThrow();
        java.time.Duration process =
                ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        assertThat(jit).isPositive().isLessThanOrEqualTo(process);
    }

    @Test
    void readsTheProducerToolsTotalNotItsProgressLines() {
        KafkaPerf.Produced produced = KafkaPerf.parseProduced("""
                950301 records sent, 190060.2 records/sec (49.66 MB/sec), 140.1 ms avg latency, 600.0 ms max latency.
                1000000 records sent, 189393.939394 records/sec (49.49 MB/sec), 139.82 ms avg latency, 612.00 ms max latency, 130 ms 50th, 250 ms 95th, 300 ms 99th, 500 ms 99.9th.
                """);

        assertThat(produced.records()).isEqualTo(1_000_000);
        assertThat(produced.recordsPerSecond()).isEqualTo(189393.939394);
        assertThat(produced.megabytesPerSecond()).isEqualTo(49.49);
        assertThat(produced.averageLatencyMs()).isEqualTo(139.82);
    }

    @Test
    void readsTheConsumerToolsColumnsByName() {
        KafkaPerf.Consumed consumed = KafkaPerf.parseConsumed("""
                WARNING: something unrelated
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-23 12:00:00:123, 2026-11-23 12:00:03:456, 261.6882, 78.5143, 1000000, 300030.0030, 1050, 2283, 114.6247, 438020.1489
                """);

        assertThat(consumed.records()).isEqualTo(1_000_000);
        assertThat(consumed.recordsPerSecond()).isEqualTo(300030.003);
        assertThat(consumed.fetchRecordsPerSecond()).isEqualTo(438020.1489);
        assertThat(consumed.rebalanceMs()).isEqualTo(1050);
    }

    @Test
    void averagesKeyAndValueBytesOfTheConsoleConsumersRecordLines() {
        String output = "[warn] some log line\n"
                + "dummyjson:1\u0001<key|value>\u0001{\"a\":1}\n" // 11 + 7 bytes
                + "dummyjson:22\u0001<key|value>\u0001{\"b\":\"\u00e9\"}\n" // 12 + 10 bytes (é as two ISO-8859-1 chars)
                        .replace("\u00e9", "\u00c3\u00a9")
                + "Processed a total of 2 messages\n";

        assertThat(KafkaPerf.parseAverageRecordBytes(output, "dummyjson:")).isEqualTo((18 + 22) / 2.0);
        assertThat(KafkaPerf.parseAverageRecordBytes(output, "dummyjson:2")).isEqualTo(22);
    }

    @Test
    void toolOutputWithoutResultsIsAFailureThatShowsTheOutput() {
        assertThatThrownBy(() -> KafkaPerf.parseProduced("Exception in thread main: boom"))
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> KafkaPerf.parseConsumed("nothing here")).hasMessageContaining("nothing here");
    }

    @Test
    void chargesACpuSampleToTheFirstLibraryFromTheLeaf() {
        assertThat(JfrProfile.category(List.of(
                        "java.util.HashMap",
                        "io.micrometer.core.instrument.Timer",
                        "dev.pipeline.processor.ingest.ProductListener")))
                .isEqualTo("Micrometer (metrics, observations)");
        assertThat(JfrProfile.category(List.of("tools.jackson.core.json.UTF8JsonGenerator", "dev.pipeline.X")))
                .isEqualTo("JSON (Jackson)");
        assertThat(JfrProfile.category(
                        List.of("sun.nio.ch.SocketDispatcher", "jdk.internal.net.http.SocketTube", "java.lang.Thread")))
                .isEqualTo("JDK HTTP client");
        assertThat(JfrProfile.category(List.of("java.lang.Thread"))).isEqualTo("JDK, other");
        assertThat(JfrProfile.category(List.of("com.example.thing.Foo"))).isEqualTo("other: com.example.thing");
    }

    @Test
    void recordCountsTakeSuffixes() {
        BenchCommand.RecordCount count = new BenchCommand.RecordCount();

        assertThat(count.convert("10k")).isEqualTo(10_000);
        assertThat(count.convert("1M")).isEqualTo(1_000_000);
        assertThat(count.convert("100_000")).isEqualTo(100_000);
        assertThatThrownBy(() -> count.convert("lots")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> count.convert("-5")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void gcPausesAreCountedBetweenScrapesAndAreNoneBeforeTheFirstRegistersTheTimer() {
        PrometheusText noPauseYet = PrometheusText.parse("jvm_threads_live_threads 30.0\n");
        PrometheusText twoPauses = PrometheusText.parse("""
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 2
                jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.25
                """);
        PrometheusText fivePauses = PrometheusText.parse("""
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 4
                jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.5
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="Metadata GC Threshold",gc="G1 Young Generation"} 1
                jvm_gc_pause_seconds_sum{action="end of minor GC",cause="Metadata GC Threshold",gc="G1 Young Generation"} 0.125
                """);

        assertThat(ServiceSampler.gcPauses(noPauseYet, noPauseYet)).isZero();
        assertThat(ServiceSampler.gcPauseSeconds(noPauseYet, noPauseYet)).isZero();
        assertThat(ServiceSampler.gcPauses(noPauseYet, twoPauses)).isEqualTo(2);
        assertThat(ServiceSampler.gcPauses(twoPauses, fivePauses)).isEqualTo(3);
        assertThat(ServiceSampler.gcPauseSeconds(twoPauses, fivePauses)).isEqualTo(0.375);
    }
}
