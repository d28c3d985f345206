package dev.pipeline.processor.announce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceStats;
import dev.pipeline.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Which records of {@code pipeline.runs} the reader takes for announcements, told by their type alone. */
class AnnouncementReaderTests {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void onlyAReportedEventIsReadAsAnAnnouncement() {
        RunEvent.Reported reported = new RunEvent.Reported(
                "run", "ABANDONED", "file:///out/run.abandoned", "cd".repeat(32), 10L, "p", null, T0);
        assertThat(AnnouncementReader.parse(record(json(reported)))).isEqualTo(reported);

        RunEvent.TaskDone done = new RunEvent.TaskDone(
                "run", "shop:p0", "shop", "f", "try", List.of(), SourceStats.NONE, 1, 0, Map.of(), 0, null, "e", T0);
        assertThat(AnnouncementReader.parse(record(json(done)))).isNull();
        assertThat(AnnouncementReader.parse(
                        record(json(new RunEvent.Started("run", List.of("shop"), T0, Map.of(), List.of())))))
                .isNull();
    }

    @Test
    void theTypeIsFoundWhereverItIsAndGarbageIsNoAnnouncement() {
        assertThat(AnnouncementReader.isAnnouncement(
                        "{\"runId\":\"run\",\"nested\":{\"type\":\"x\"},\"type\":\"reported\"}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(AnnouncementReader.isAnnouncement(
                        "{\"runId\":\"run\",\"nested\":{\"type\":\"reported\"}}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(AnnouncementReader.isAnnouncement("not json".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(AnnouncementReader.parse(
                        record("{\"type\":\"reported\",\"runId\":".getBytes(StandardCharsets.UTF_8))))
                .as("cut short")
                .isNull();
        assertThat(AnnouncementReader.parse(record(null))).isNull();
    }

    private static byte[] json(RunEvent event) {
        return PipelineJson.mapper().writerFor(RunEvent.class).writeValueAsBytes(event);
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>(Topics.RUNS, 0, 0L, "run", value);
    }
}
