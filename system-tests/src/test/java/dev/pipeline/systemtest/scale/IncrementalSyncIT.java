package dev.pipeline.systemtest.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.cli.stack.LocalStack;
import dev.pipeline.cli.stack.PipelineHome;
import dev.pipeline.cli.stack.StackSettings;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.SourceState;
import dev.pipeline.common.Topics;
import dev.pipeline.support.testing.CommittedRecords;
import dev.pipeline.upstream.ChangingItem;
import dev.pipeline.upstream.ChangingItems;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
 * "Run it every few seconds, incrementally", with every service in its own JVM and a real broker:
 * a schedule fires every 6 s over the stand-in's {@code /changing/items}, whose items change
 * between generations, with two fetchers sharing the work.
 *
 * <ol>
 *   <li>The first run fetches every item; the cursor advances to their latest stamp, after its report.
 *   <li>The stand-in changes a tenth of its items: the next run that finds anything fetches exactly
 *       the changed and added items, its report's {@code changes} say what the stand-in changed, and
 *       every other run fetches nothing.
 *   <li>The stand-in changes again, and the fetcher working on the next tick's run is killed with
 *       SIGKILL while it waits for the page: the other takes the task over, no tick is skipped or run
 *       twice, the killed run reports exactly the new changes (its {@code changes} as the stand-in made
 *       them, or {@code unknown} for items later ticks refetched before it ended), and the cursor ends at their stamp,
 *       advanced only by runs whose reports are on disk.
 * </ol>
 */
class IncrementalSyncIT {

    private static final int ITEMS = 50;
    private static final String SOURCE = "changing";
    private static final Pattern FETCHER = Pattern.compile("fetcher-(\\d+).*");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @TempDir
    static Path out;

    static LocalStack stack;

    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        PipelineHome home = PipelineHome.locate();
        home.requireArtifacts(true, true);
        StackSettings settings = StackSettings.of(null, out)
                .withUpstreamArgs(List.of("--changing-items", Integer.toString(ITEMS)))
                .withFetcherArgs(List.of(
                        "--pipeline.sources[0].name=" + SOURCE,
                        // each page answers 1.5 s late: a run long enough to kill a fetcher in
                        "--pipeline.sources[0].url=${pipeline.upstream-url}/changing/items?delay_ms=1500",
                        "--pipeline.sources[0].items=/items",
                        "--pipeline.sources[0].pagination.kind=offset-limit",
                        "--pipeline.sources[0].pagination.offset-param=skip",
                        "--pipeline.sources[0].pagination.size-param=limit",
                        "--pipeline.sources[0].pagination.page-size=100",
                        "--pipeline.sources[0].pagination.total=/total",
                        "--pipeline.sources[0].incremental.cursor-field=/updatedAt",
                        "--pipeline.sources[0].incremental.parameter=updated_after",
                        "--pipeline.schedules[0].name=sync",
                        "--pipeline.schedules[0].every=6s",
                        "--pipeline.schedules[0].sources[0]=" + SOURCE,
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
    void eachRunFetchesOnlyWhatChangedReportsItAndTheCursorNeverGetsAheadOfTheReports() throws Exception {
        // 1. everything, once
        List<ChangingItem> generation0 = ChangingItems.at(ITEMS, 0);
        JsonNode first = awaitReport(r -> true, Duration.ofMinutes(2));
        assertThat(ids(first)).as("the first run fetches everything").isEqualTo(idsOf(generation0));
        // Ticks from now on read the advanced cursor; those before may have started without one (the
        // first run of cold JVMs can take longer than a tick), and refetched everything.
        Instant advancedCursor = awaitCursor(latestStamp(generation0));
        JsonNode quiet = awaitReport(r -> tick(r).isAfter(advancedCursor), Duration.ofMinutes(1));
        assertThat(products(quiet))
                .as("%s: nothing changed, nothing fetched", runId(quiet))
                .isZero();

        // 2. what changed, and nothing else (changed right after a run found nothing: see 3.)
        Instant advanced = advance();
        List<ChangingItem> changed1 = changedBetween(generation0, ChangingItems.at(ITEMS, 1));
        JsonNode second = awaitReport(r -> products(r) > 0 && tick(r).isAfter(tick(quiet)), Duration.ofMinutes(1));
        assertThat(ids(second)).as("only the changed and added items").isEqualTo(idsOf(changed1));
        assertChanges(second, generation0, changed1);
        Instant advancedAgainCursor = awaitCursor(ChangingItems.updatedAt(1).toString());
        for (JsonNode report : reports()) {
            if (tick(report).isAfter(tick(quiet)) && tick(report).isBefore(tick(second))) {
                assertThat(products(report))
                        .as("%s, before anything changed, fetched nothing", runId(report))
                        .isZero();
            }
        }
        assertThat(advanced).isBefore(advancedAgainCursor);

        // 3. a fetcher killed between a tick and its run's end. The stand-in changes right after a run
        // found nothing, seconds before the next tick: no run is fetching while it changes.
        List<ChangingItem> generation1 = ChangingItems.at(ITEMS, 1);
        JsonNode quietAgain = awaitReport(r -> tick(r).isAfter(advancedAgainCursor), Duration.ofMinutes(1));
        assertThat(products(quietAgain)).isZero();
        Instant advancedAgain = advance();
        List<ChangingItem> changed2 = changedBetween(generation1, ChangingItems.at(ITEMS, 2));
        RunEvent.TaskStarted taken = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> firstTaskStartedAfter(advancedAgain), Optional::isPresent)
                .orElseThrow();
        int killed = fetcherNumber(taken.fetcher());
        stack.killFetcher(killed);

        String killedRun = taken.runId();
        assertThat(tick(killedRun)).isAfter(tick(quietAgain));
        JsonNode afterKill = awaitReport(r -> runId(r).equals(killedRun), Duration.ofMinutes(2));
        List<String> startedBy = runEvents().stream()
                .filter(e -> e instanceof RunEvent.TaskStarted s && s.runId().equals(killedRun))
                .map(e -> ((RunEvent.TaskStarted) e).fetcher())
                .toList();
        assertThat(startedBy)
                .as("the kill came before the run ended: the task was taken over")
                .hasSizeGreaterThanOrEqualTo(2)
                .anyMatch(f -> fetcherNumber(f) != killed);
        assertThat(ids(afterKill))
                .as(
                        "exactly the new changes, none lost with the killed fetcher, none twice: %s %s; tasks %s",
                        afterKill.path("summary"),
                        afterKill.path("errors"),
                        runEvents().stream()
                                .filter(e -> e.runId().equals(killedRun))
                                .toList())
                .isEqualTo(idsOf(changed2));
        assertThat(afterKill.path("summary").path("total_products").asLong()).isEqualTo(changed2.size());
        assertChangesOrUnknown(afterKill, generation1, changed2);
        awaitCursor(ChangingItems.updatedAt(2).toString());
        for (JsonNode report : reports()) {
            if (tick(report).isAfter(tick(quietAgain)) && tick(report).isBefore(tick(killedRun))) {
                assertThat(products(report))
                        .as("%s, ticked before the stand-in changed, fetched nothing", runId(report))
                        .isZero();
            }
        }

        // no tick skipped, none run twice
        List<String> runIds = ticks();
        assertThat(runIds).doesNotHaveDuplicates();
        Instant lastTick = tick(runIds.getLast());
        Map<String, Long> started = runEvents().stream()
                .filter(e -> e instanceof RunEvent.Started)
                .filter(e -> !tick(e.runId()).isAfter(lastTick)) // a tick fired since ticks() was read
                .collect(Collectors.groupingBy(RunEvent::runId, Collectors.counting()));
        assertThat(started).containsOnlyKeys(runIds);
        assertThat(started.values()).as("each tick's run started once").containsOnly(1L);
        for (int i = 1; i < runIds.size(); i++) {
            assertThat(tick(runIds.get(i)))
                    .as("no tick skipped")
                    .isEqualTo(tick(runIds.get(i - 1)).plusSeconds(6));
        }

        // the cursor: advanced only by runs whose reports are on disk, to what they reported
        List<SourceState> states = read(Topics.SOURCE_STATE).stream()
                .filter(r -> SOURCE.equals(r.key()) && r.value() != null)
                .map(r -> PipelineJson.mapper().readValue(r.value(), SourceState.class))
                .toList();
        assertThat(states).isNotEmpty();
        Set<String> stamps = Set.of(
                latestStamp(generation0),
                ChangingItems.updatedAt(1).toString(),
                ChangingItems.updatedAt(2).toString());
        for (SourceState state : states) {
            assertThat(out.resolve(state.runId() + ".json"))
                    .as("the run that advanced the cursor to %s was reported", state.cursor())
                    .exists();
            assertThat(stamps).as("a stamp some report's items carry").contains(state.cursor());
        }
    }

    private static void assertChanges(JsonNode report, List<ChangingItem> before, List<ChangingItem> changed) {
        Map<Integer, ChangingItem> previous =
                before.stream().collect(Collectors.toMap(ChangingItem::id, Function.identity()));
        long added = changed.stream().filter(i -> !previous.containsKey(i.id())).count();
        long priceChanged = changed.stream()
                .filter(i -> previous.containsKey(i.id()))
                .filter(i -> i.price().compareTo(previous.get(i.id()).price()) != 0)
                .count();
        long categoryChanged = changed.stream()
                .filter(i -> previous.containsKey(i.id()))
                .filter(i -> !i.category().equals(previous.get(i.id()).category()))
                .count();
        assertThat(added).isPositive();
        assertThat(priceChanged).isPositive();
        assertThat(categoryChanged).isPositive();
        JsonNode changes = report.path("changes");
        assertThat(changes.path("available").asBoolean()).as(changes.toString()).isTrue();
        JsonNode source = changes.path("by_source").path(SOURCE);
        assertThat(source.path("added").asLong()).as(changes.toString()).isEqualTo(added);
        assertThat(source.path("price_changed").asLong()).as(changes.toString()).isEqualTo(priceChanged);
        assertThat(source.path("category_changed").asLong())
                .as(changes.toString())
                .isEqualTo(categoryChanged);
        assertThat(source.path("removed").asLong())
                .as("an incremental run cannot know what was removed")
                .isZero();
        assertThat(changes.path("largest_price_moves")).hasSize((int) priceChanged);
    }

    /**
     * The killed run ends late, so later ticks (their cursor not yet advanced) fetch the same changes
     * and publish them after its start: an item whose two versions kept by the catalogue are both
     * after the run's start is {@code unknown}, never guessed. Every other item is counted as the
     * stand-in changed it; none is called unchanged.
     */
    private static void assertChangesOrUnknown(JsonNode report, List<ChangingItem> before, List<ChangingItem> changed) {
        JsonNode changes = report.path("changes");
        JsonNode source = changes.path("by_source").path(SOURCE);
        long unknown = source.path("unknown").asLong();
        if (unknown == 0) {
            assertChanges(report, before, changed);
            return;
        }
        Map<Integer, ChangingItem> previous =
                before.stream().collect(Collectors.toMap(ChangingItem::id, Function.identity()));
        assertThat(changes.path("available").asBoolean()).as(changes.toString()).isTrue();
        assertThat(source.path("added").asLong()
                        + source.path("price_changed").asLong()
                        + source.path("category_changed").asLong()
                        + unknown)
                .as(changes.toString())
                .isEqualTo(changed.size());
        assertThat(source.path("unchanged").asLong()).as(changes.toString()).isZero();
        assertThat(source.path("removed").asLong()).as(changes.toString()).isZero();
        assertThat(source.path("added").asLong())
                .as(changes.toString())
                .isLessThanOrEqualTo(changed.stream()
                        .filter(i -> !previous.containsKey(i.id()))
                        .count());
        assertThat(source.path("price_changed").asLong())
                .as(changes.toString())
                .isLessThanOrEqualTo(changed.stream()
                        .filter(i -> previous.containsKey(i.id()))
                        .filter(i -> i.price().compareTo(previous.get(i.id()).price()) != 0)
                        .count());
    }

    /** The items of {@code after} that are new or differ from {@code before}: what an incremental run fetches. */
    private static List<ChangingItem> changedBetween(List<ChangingItem> before, List<ChangingItem> after) {
        Set<ChangingItem> unchanged = Set.copyOf(before);
        return after.stream().filter(item -> !unchanged.contains(item)).toList();
    }

    private static String latestStamp(List<ChangingItem> items) {
        return items.stream()
                .map(ChangingItem::updatedAt)
                .max(Instant::compareTo)
                .orElseThrow()
                .toString();
    }

    private static Instant advance() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(stack.upstreamUrl().orElseThrow().resolve("/changing/advance"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Instant.now();
    }

    /** @return when the source's cursor was seen at {@code cursor} */
    private static Instant awaitCursor(String cursor) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cursor.equals(cursor()));
        return Instant.now();
    }

    /** The source's cursor as any fetcher still running answers it. */
    private static String cursor() throws InterruptedException {
        for (URI fetcher : stack.fetcherUrls()) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(fetcher.resolve("/api/sources/" + SOURCE + "/state"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return PipelineJson.mapper()
                            .readTree(response.body())
                            .path("cursor")
                            .asString(null);
                }
            } catch (IOException killed) {
                // that one is gone: ask the next
            }
        }
        return null;
    }

    private static JsonNode awaitReport(java.util.function.Predicate<JsonNode> which, Duration within)
            throws IOException, InterruptedException {
        try {
            return await().atMost(within)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> reports().stream().filter(which).findFirst().orElse(null), r -> r != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> seen = reports().stream()
                    .map(r -> runId(r) + ": " + products(r) + " products, errors " + r.path("errors"))
                    .toList();
            throw new AssertionError("no such report; cursor " + cursor() + ", reports " + seen, e);
        }
    }

    /** The reports of the schedule's runs, oldest tick first. */
    private static List<JsonNode> reports() throws IOException {
        List<JsonNode> reports = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("sync-[0-9TZ]+\\.json"))
                    .sorted()
                    .toList()) {
                reports.add(PipelineJson.mapper().readTree(file.toFile()));
            }
        }
        return reports;
    }

    private static Optional<RunEvent.TaskStarted> firstTaskStartedAfter(Instant instant) {
        return runEvents().stream()
                .filter(e -> e instanceof RunEvent.TaskStarted)
                .map(e -> (RunEvent.TaskStarted) e)
                .filter(s -> tick(s.runId()).isAfter(instant))
                .findFirst();
    }

    private static String runId(JsonNode report) {
        return report.path("summary").path("run_id").asString();
    }

    private static long products(JsonNode report) {
        return report.path("summary").path("total_products").asLong();
    }

    private static Instant tick(JsonNode report) {
        return tick(runId(report));
    }

    private static Instant tick(String runId) {
        return LocalDateTime.parse(runId.substring("sync-".length()), STAMP).toInstant(ZoneOffset.UTC);
    }

    private static int fetcherNumber(String fetcher) {
        Matcher matcher = FETCHER.matcher(fetcher);
        assertThat(matcher.matches()).as(fetcher).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static Set<String> idsOf(List<ChangingItem> items) {
        return items.stream().map(i -> Integer.toString(i.id())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(JsonNode report) {
        Set<String> ids = new TreeSet<>();
        report.path("products").forEach(p -> ids.add(p.path("id").asString()));
        return ids;
    }

    /** The run ids of the schedule's ticks as fired, in order. */
    private static List<String> ticks() {
        return read(Topics.SCHEDULES).stream()
                .map(r ->
                        PipelineJson.mapper().readTree(r.value()).path("runId").asString())
                .toList();
    }

    private static List<RunEvent> runEvents() {
        return read(Topics.RUNS).stream()
                .map(r -> PipelineJson.mapper().readValue(r.value(), RunEvent.class))
                .toList();
    }

    private static List<ConsumerRecord<String, String>> read(String topic) {
        return CommittedRecords.read(stack.bootstrapServers(), topic);
    }
}
