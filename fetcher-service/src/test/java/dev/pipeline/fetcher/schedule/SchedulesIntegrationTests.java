package dev.pipeline.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.fetcher.publish.RunPublishException;
import dev.pipeline.fetcher.task.TaskProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Schedules on a real in-process broker, with a clock the test sets: one run per tick with two
 * instances through rebalances and restarts, an instance that lost the schedules cannot fire a
 * tick, a restarted owner neither fires a fired tick again nor more than one for the ticks it
 * missed, and {@code GET /api/schedules}. Upstream is unreachable: what counts here is the runs
 * started, each a {@code Started} event on {@code pipeline.runs}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
@TestPropertySource(
        properties = {
            "pipeline.upstream-url=http://127.0.0.1:1",
            "pipeline.tasks.retries=0",
            "pipeline.schedules[0].name=often",
            "pipeline.schedules[0].every=1s",
            "pipeline.schedules[0].missed=run-once",
            // The test's clock jumps: a tick more than this late was missed (the default is a minute).
            "pipeline.schedules[0].grace=500ms",
            "pipeline.schedules[0].sources[0]=jsonplaceholder",
            "pipeline.schedules[1].name=morning",
            "pipeline.schedules[1].cron=0 0 9 * * *",
            "pipeline.schedules[1].zone=Europe/Berlin",
            "pipeline.schedules[1].sources[0]=dummyjson",
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulesIntegrationTests {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(T0.plusMillis(500));
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MockMvc mvc;

    @Autowired
    ScheduleOwner owner;

    @Autowired
    Schedules schedules;

    @Autowired
    TickFiring firing;

    @Autowired
    ScheduleConsumers consumers;

    private final List<ScheduleOwner> others = new ArrayList<>();

    @AfterEach
    void stopOthers() {
        others.forEach(ScheduleOwner::stop);
        others.clear();
    }

    @Test
    @Order(1)
    void twoInstancesStartOneRunPerTickThroughRebalancesAndRestarts() {
        await().atMost(WAIT).until(owner::isDeciding);
        ScheduleOwner second = another("second");
        List<Instant> ticks = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            if (i == 3) {
                ScheduleOwner deciding = owner.isDeciding() ? owner : second;
                deciding.stop(); // leaves the group: the other takes over
            }
            if (i == 5) {
                (owner.isRunning() ? second : owner).start(); // the stopped one comes back: a rebalance
            }
            Instant tick = T0.plusSeconds(i);
            ticks.add(tick);
            CLOCK.set(tick.plusMillis(100));
            await().atMost(WAIT).until(() -> startedRuns().containsKey(runId(tick)));
        }
        settle();

        Map<String, Long> started = startedRuns();
        assertThat(started.keySet().stream().filter(id -> id.startsWith("often-")))
                .containsExactlyInAnyOrderElementsOf(
                        ticks.stream().map(this::runId).toList());
        assertThat(started.values()).containsOnly(1L);
    }

    @Test
    @Order(2)
    void anInstanceThatLostTheSchedulesCannotFireATick() throws Exception {
        stopAll();
        Map<String, Object> properties = new HashMap<>(consumers.owner("zombie"));
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3000);
        try (Consumer<String, byte[]> zombie = new KafkaConsumer<>(properties)) {
            AtomicBoolean owns = new AtomicBoolean();
            zombie.subscribe(List.of(Topics.SCHEDULES), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    owns.compareAndSet(false, partitions.contains(TickFiring.PARTITION));
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
            });
            await().atMost(WAIT).until(() -> {
                zombie.poll(Duration.ofMillis(100));
                return owns.get();
            });
            ConsumerGroupMetadata stale = zombie.groupMetadata();

            // The zombie stops polling (a long pause): the group moves on without it.
            ScheduleOwner successor = another("successor");
            await().atMost(WAIT).until(successor::isDeciding);
            Instant tick = T0.plusSeconds(7);
            CLOCK.set(tick.plusMillis(100));
            await().atMost(WAIT).until(() -> startedRuns().containsKey(runId(tick)));

            // Wakes up believing it still owns the schedules, with the tick not fired as far as it knows.
            Throwable fenced = catchThrowable(() -> firing.fire(often(), tick, CLOCK.instant(), stale));
            assertThat(fenced)
                    .isInstanceOf(RunPublishException.class)
                    .hasRootCauseInstanceOf(CommitFailedException.class);
        }
        settle();
        assertThat(startedRuns()).containsEntry(runId(T0.plusSeconds(7)), 1L);
        assertThat(ticksRecorded()).containsEntry(T0.plusSeconds(7), 1L);
    }

    @Test
    @Order(3)
    void aRestartedOwnerFiresNoTickTwiceAndMissedTicksOnce() {
        stopAll();
        Instant lastFired = T0.plusSeconds(7);
        // Down over five ticks: four of them more than grace late (missed: run-once, so one run, as
        // the latest of them), the fifth on time.
        CLOCK.set(lastFired.plusSeconds(5).plusMillis(100));
        owner.start();
        await().atMost(WAIT).until(() -> startedRuns().containsKey(runId(lastFired.plusSeconds(5))));
        settle();

        Map<String, Long> started = startedRuns();
        for (int i = 1; i <= 3; i++) {
            assertThat(started).doesNotContainKey(runId(lastFired.plusSeconds(i)));
        }
        assertThat(started)
                .containsEntry(runId(lastFired), 1L)
                .containsEntry(runId(lastFired.plusSeconds(4)), 1L)
                .containsEntry(runId(lastFired.plusSeconds(5)), 1L);
    }

    @Test
    @Order(4)
    void theEndpointShowsEachScheduleWithItsNextAndLastTickAndItsLastRun() throws Exception {
        Instant last = T0.plusSeconds(12);
        await().atMost(WAIT)
                .untilAsserted(() -> mvc.perform(get("/api/schedules"))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$[0].name").value("often"))
                        .andExpect(jsonPath("$[0].every").value("PT1S"))
                        .andExpect(jsonPath("$[0].zone").value("UTC"))
                        .andExpect(jsonPath("$[0].missed").value("run-once"))
                        .andExpect(jsonPath("$[0].sources[0]").value("jsonplaceholder"))
                        .andExpect(jsonPath("$[0].lastTick").value(last.toString()))
                        .andExpect(jsonPath("$[0].lastRunId").value(runId(last)))
                        .andExpect(jsonPath("$[0].lastRunState").exists())
                        .andExpect(jsonPath("$[0].nextTick")
                                .value(last.plusSeconds(1).toString()))
                        .andExpect(jsonPath("$[1].name").value("morning"))
                        .andExpect(jsonPath("$[1].cron").value("0 0 9 * * *"))
                        .andExpect(jsonPath("$[1].zone").value("Europe/Berlin"))
                        .andExpect(jsonPath("$[1].missed").value("skip"))
                        // 09:00 in Berlin in November is 08:00 UTC; it has not ticked yet.
                        .andExpect(jsonPath("$[1].nextTick").value("2026-11-29T08:00:00Z"))
                        .andExpect(jsonPath("$[1].lastTick").doesNotExist()));

        mvc.perform(get("/api/schedules/morning"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("morning"));
        mvc.perform(get("/api/schedules/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown schedule"))
                .andExpect(jsonPath("$.detail").value("no schedule nope; configured schedules are [often, morning]"));
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/schedules'].get").exists())
                .andExpect(jsonPath("$.paths['/api/schedules/{name}'].get").exists());
    }

    @Test
    @Order(5)
    void anOwnerThatFailsJoinsAgainAndFiresTheNextTick() {
        stopAll();
        AtomicInteger failures = new AtomicInteger(1);
        Clock failingOnce = new Clock() {
            @Override
            public ZoneId getZone() {
                return CLOCK.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("a bug in the owner's loop, once");
                }
                return CLOCK.instant();
            }
        };
        ScheduleOwner flaky = new ScheduleOwner(
                schedules,
                firing,
                failingOnce,
                consumers,
                new TaskProperties("flaky", 1, 5000, 500, 8, 0, Duration.ofSeconds(1)));
        others.add(flaky);
        flaky.start();
        await().atMost(WAIT).until(flaky::isDeciding);
        assertThat(failures.get()).as("the owner failed once before it decided").isNegative();

        Instant tick = T0.plusSeconds(13);
        CLOCK.set(tick.plusMillis(100));
        await().atMost(WAIT).until(() -> startedRuns().containsKey(runId(tick)));
        settle();
        assertThat(startedRuns()).containsEntry(runId(tick), 1L);
    }

    private ScheduleOwner another(String instanceId) {
        ScheduleOwner other = new ScheduleOwner(
                schedules,
                firing,
                CLOCK,
                consumers,
                new TaskProperties(instanceId, 1, 5000, 500, 8, 0, Duration.ofSeconds(1)));
        others.add(other);
        other.start();
        return other;
    }

    private void stopAll() {
        owner.stop();
        others.forEach(ScheduleOwner::stop);
    }

    private Schedule often() {
        return schedules.find("often").orElseThrow();
    }

    private String runId(Instant tick) {
        return often().runId(tick);
    }

    /** Long enough for a second start of any tick to have been committed, were there one. */
    private static void settle() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times each run was started: its committed {@code started} events. */
    private Map<String, Long> startedRuns() {
        return RunRecords.readAll(broker, Topics.RUNS).stream()
                .filter(record -> record.value().contains("\"type\":\"started\""))
                .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
    }

    /** How many times each tick of {@code often} was recorded as fired. */
    private Map<Instant, Long> ticksRecorded() {
        return RunRecords.readAll(broker, Topics.SCHEDULES).stream()
                .map(record -> dev.pipeline.common.PipelineJson.mapper().readValue(record.value(), ScheduleState.class))
                .filter(state -> state.schedule().equals("often"))
                .collect(Collectors.groupingBy(ScheduleState::tick, Collectors.counting()));
    }
}
