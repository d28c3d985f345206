package dev.pipeline.systemtest.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.Topics;
import dev.pipeline.support.testing.CommittedRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two fetchers, each its own JVM, with one schedule every 4 s, on a real broker in its own JVM: one
 * run per tick, none skipped and none twice, also when the fetcher firing the ticks is killed with
 * SIGKILL (the other takes the schedules over and fires the ticks the handover delayed) and when
 * it comes back; every run started ends in one report.
 */
class ScheduledRunsIT {

    private static final Pattern FETCHER = Pattern.compile("fetcher-(\\d+).*");

    @TempDir
    static Path out;

    static LocalStack stack;

    @BeforeAll
    static void startTwoFetchers() {
        PipelineHome home = PipelineHome.locate();
        home.requireArtifacts(true, true);
        StackSettings settings = StackSettings.of(null, out)
                .withFetcherArgs(List.of(
                        "--pipeline.schedules[0].name=often",
                        "--pipeline.schedules[0].every=4s",
                        "--pipeline.schedules[0].sources[0]=jsonplaceholder",
                        // a killed fetcher's open transaction is aborted by the broker this soon
                        "--spring.kafka.producer.properties.transaction.timeout.ms=15000"))
                .withInstances(2, 1);
        stack = LocalStack.start(home, settings, line -> System.out.println("[stack] " + line));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Timeout(300)
    void oneRunPerTickWhenTheFetcherFiringThemIsKilledAndComesBack() throws Exception {
        awaitTicks(3);
        int owner = lastFiredBy();
        stack.killFetcher(owner);
        int before = ticks().size();
        awaitTicks(before + 3);
        assertThat(lastFiredBy())
                .as("the other fetcher took the schedules over")
                .isNotEqualTo(owner);

        stack.restartFetcher(owner);
        int restarted = ticks().size();
        awaitTicks(restarted + 2);

        List<String> runIds = ticks().stream().map(ScheduleTick::runId).toList();
        assertThat(runIds).doesNotHaveDuplicates();
        Map<String, Long> started = startedRuns();
        assertThat(started).containsOnlyKeys(runIds);
        assertThat(started.values()).as("each tick's run started once").containsOnly(1L);
        List<ScheduleTick> ticks = ticks();
        for (int i = 0; i < ticks.size(); i++) {
            Instant tick = ticks.get(i).tick();
            assertThat(tick.toEpochMilli() % 4000).as("on the schedule's ticks").isZero();
            assertThat(ticks.get(i).runId()).isEqualTo("often-" + Stamp.of(tick));
            if (i > 0) {
                assertThat(tick)
                        .as("no tick skipped: those the handover delayed ran late")
                        .isEqualTo(ticks.get(i - 1).tick().plusSeconds(4));
            }
        }
        await().atMost(Duration.ofMinutes(2))
                .until(() -> runIds.stream().allMatch(id -> Files.exists(out.resolve(id + ".json"))));
        for (String runId : runIds) {
            JsonNode summary = PipelineJson.mapper()
                    .readTree(out.resolve(runId + ".json").toFile())
                    .path("summary");
            assertThat(summary.path("run_id").asString()).isEqualTo(runId);
        }
    }

    private static void awaitTicks(int count) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ticks().size() >= count);
    }

    private static int lastFiredBy() {
        Matcher fetcher = FETCHER.matcher(ticks().getLast().firedBy());
        assertThat(fetcher.matches()).isTrue();
        return Integer.parseInt(fetcher.group(1));
    }

    /** A tick as the owner recorded it on {@code pipeline.schedules}. */
    record ScheduleTick(String schedule, Instant tick, String runId, Instant firedAt, String firedBy) {}

    private static List<ScheduleTick> ticks() {
        return read(Topics.SCHEDULES).stream()
                .map(r -> PipelineJson.mapper().readValue(r.value(), ScheduleTick.class))
                .toList();
    }

    private static Map<String, Long> startedRuns() {
        return read(Topics.RUNS).stream()
                .filter(r -> r.value().contains("\"type\":\"started\""))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private static List<ConsumerRecord<String, String>> read(String topic) {
        return CommittedRecords.read(stack.bootstrapServers(), topic);
    }

    /** The run id's stamp of a tick. */
    private static final class Stamp {
        private static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

        static String of(Instant tick) {
            return FORMAT.format(tick);
        }
    }
}
