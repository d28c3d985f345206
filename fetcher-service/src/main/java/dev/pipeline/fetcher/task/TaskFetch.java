package dev.pipeline.fetcher.task;

import dev.pipeline.common.Cursors;
import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.FetchTask;
import dev.pipeline.common.RunEvent;
import dev.pipeline.fetcher.fetch.Deadline;
import dev.pipeline.fetcher.fetch.FetchOutcome;
import dev.pipeline.fetcher.fetch.MalformedLinkException;
import dev.pipeline.fetcher.fetch.Page;
import dev.pipeline.fetcher.fetch.PageClient;
import dev.pipeline.fetcher.fetch.PageFailure;
import dev.pipeline.fetcher.fetch.PagePlanner;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.fetch.UrlSecrets;
import dev.pipeline.fetcher.mapping.ItemMapper;
import dev.pipeline.fetcher.mapping.MappedItem;
import dev.pipeline.fetcher.publish.ProductJson;
import dev.pipeline.fetcher.publish.TaskOutput;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;

/**
 * Fetches the pages of one task and turns each page into products and errors; returns the tasks
 * it planned. Every item ends as a product or an {@code invalid_item} error; every page given up
 * on ends as one error. Nothing is dropped without a trace.
 */
final class TaskFetch {

    private final SourceDefinition source;
    /**
     * The source as this task's requests are sent: an incremental source's with its run's cursor (and
     * window) in its query, url or body.
     */
    private final SourceDefinition requested;

    private final FetchTask task;
    private final PageClient client;
    private final TaskOutput output;
    private final SourceCounters counters;
    private final ItemMapper mapper;
    private final PagePlanner planner;
    private final UrlSecrets secrets;
    private final TaskSizes sizes;
    private final java.time.Duration timeLimit;
    private final Deadline deadline;
    /** An incremental source's cursor field (a JSON pointer) and kind; {@code null} for other sources. */
    private final String cursorField;

    private final Cursors.Kind cursorKind;

    /**
     * @param output    this try of the task's output: its errors name the try
     * @param timeLimit how long the task may take: its transaction is aborted by the broker after
     *                  {@code transaction.timeout.ms}, so fetching on past it would be wasted
     */
    TaskFetch(
            SourceDefinition source,
            FetchTask task,
            PageClient client,
            TaskOutput output,
            SourceCounters counters,
            TaskSizes sizes,
            java.time.Duration timeLimit) {
        this.source = source;
        this.task = task;
        this.client = client;
        this.output = output;
        this.counters = counters;
        this.mapper = new ItemMapper(source.name(), source.fields());
        // An incremental source's pages carry its run's cursor (and their window's end), as its first did: so do
        // the pages planned here.
        this.requested =
                task.until() == null ? source.fromCursor(task.cursor()) : source.inWindow(task.cursor(), task.until());
        this.planner = PagePlanner.of(requested);
        this.cursorField = source.isIncremental() ? source.incremental().cursorField() : null;
        this.cursorKind = source.isIncremental() ? source.incremental().kind() : null;
        this.secrets = UrlSecrets.of(source);
        this.sizes = sizes;
        this.timeLimit = timeLimit;
        this.deadline = Deadline.after(timeLimit);
    }

    /** @return the tasks that follow from this one's pages */
    List<FetchTask> run() throws InterruptedException {
        if (task.until() != null) {
            // A window's task reaches its window's end: once every task of the source is clean (the processor's
            // rule), every window was fetched whole, so the cursor may advance to the last window's end even when
            // its last windows held no item; else a backfill of empty windows would refetch them every run.
            output.cursorSeen(task.until());
        }
        List<URI> pages = task.pages().stream().map(URI::create).toList();
        return switch (task.kind()) {
            case PAGES -> {
                fetchConcurrently(pages);
                yield List.of();
            }
            case WALK -> {
                try {
                    yield walk(pages.getFirst());
                } catch (MalformedLinkException e) {
                    error(e.failure()); // the page's items are kept; what follows it cannot be found
                    yield List.of();
                }
            }
        };
    }

    /** One page, then what follows it: all remaining pages when the first tells the total, else the next. */
    private List<FetchTask> walk(URI uri) {
        Optional<PublishedPage> published = fetch(uri);
        if (published.isEmpty()) {
            return List.of(); // without a known total a failed page ends the source: there is no telling what follows
        }
        Page page = published.get().page();
        int items = published.get().items();
        if (source.isIncremental() && cappedAfter(page, items)) {
            // Pages left unfetched would be passed by the cursor (it moves to the highest value fetched): an
            // error keeps it where it was, and says why.
            error(new PageFailure(
                    uri,
                    ErrorKind.PAGES_CAPPED,
                    "the source has more pages than its pagination.max-pages ("
                            + source.pagination().maxPages()
                            + "): the rest were not fetched, so its cursor stays where it was; raise max-pages or fetch "
                            + "it in date windows (incremental.step)",
                    0));
        }
        if (task.pageIndex() == 0) {
            Optional<List<URI>> remaining = planner.remainingAfterFirst(page, items);
            if (remaining.isPresent()) {
                return ranges(
                        remaining.get(),
                        sizes.pagesPerTask(
                                remaining.get().size(),
                                items,
                                client.concurrency(source),
                                client.requestsAllowedWithin(
                                        source, timeLimit.dividedBy(TaskSizes.RATE_SHARE_OF_TIME))));
            }
        }
        long itemsSoFar = task.itemsSoFar() + items;
        return planner.next(page, task.pageIndex(), items, itemsSoFar)
                .map(next -> List.of(
                        FetchTask.walk(task.runId(), source.name(), next.toString(), task.pageIndex() + 1, itemsSoFar)
                                .plannedBy(task)))
                .orElse(List.of());
    }

    /**
     * Whether {@code max-pages} leaves pages of the source unfetched after this page: when the first
     * page tells the total, the total says so; else this page has a next one past the cap.
     */
    private boolean cappedAfter(Page page, int items) {
        if (task.pageIndex() == 0 && planner.remainingAfterFirst(page, items).isPresent()) {
            return planner.capCutsAfterFirst(page, items);
        }
        try {
            return planner.capStopsAfter(page, task.pageIndex(), items, task.itemsSoFar() + items);
        } catch (MalformedLinkException e) {
            return false; // no next page to be found: walk() says so as the page's error
        }
    }

    /** The pages after the first, {@code pagesPerTask} to a task; page indexes start at 1. */
    private List<FetchTask> ranges(List<URI> remaining, int pagesPerTask) {
        List<FetchTask> tasks = new ArrayList<>();
        for (int from = 0; from < remaining.size(); from += pagesPerTask) {
            List<String> uris = remaining.subList(from, Math.min(remaining.size(), from + pagesPerTask)).stream()
                    .map(URI::toString)
                    .toList();
            tasks.add(
                    FetchTask.pages(task.runId(), source.name(), uris, from + 1).plannedBy(task));
        }
        return tasks;
    }

    private void fetchConcurrently(List<URI> pages) throws InterruptedException {
        Semaphore inFlight = new Semaphore(client.concurrency(source));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (URI uri : pages) {
                inFlight.acquire();
                executor.submit(() -> {
                    try {
                        fetch(uri);
                    } catch (RuntimeException | Error e) {
                        // Lost in the Future otherwise: the task must not commit without this page.
                        output.fail(e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    /** Gives up before a page once the task cannot be committed anyway: out of time, or a record refused. */
    private Optional<PublishedPage> fetch(URI uri) {
        if (output.hasFailed()) {
            throw new TaskAbortedException("task " + task.taskId() + ": a record was refused, the rest is not fetched");
        }
        if (deadline.hasPassed()) {
            throw new TaskAbortedException("task " + task.taskId() + " ran out of time before " + uri
                    + " (it must end within its transaction's timeout)");
        }
        return switch (client.fetch(requested, uri, counters, deadline)) {
            case FetchOutcome.Failed failed -> {
                error(task.kind() == FetchTask.Kind.WALK ? endsTheSource(failed.failure()) : failed.failure());
                yield Optional.empty();
            }
            case FetchOutcome.Succeeded succeeded -> publish(succeeded.page());
        };
    }

    /**
     * A page walked to that failed ends its source: what follows it is only known from it (its
     * cursor, its link, its item count). The error says so, so that the missing pages are no surprise.
     */
    private PageFailure endsTheSource(PageFailure failure) {
        if (source.pagination().kind() == Pagination.Kind.NONE) {
            return failure;
        }
        return new PageFailure(
                failure.uri(),
                failure.kind(),
                failure.message() + "; the source's later pages were not fetched, as they follow from this one",
                failure.attempts());
    }

    private Optional<PublishedPage> publish(Page page) {
        JsonNode items;
        switch (PageItems.of(source, page.body())) {
            case PageItems.Found found -> items = found.items();
            case PageItems.Malformed malformed -> {
                error(new PageFailure(page.uri(), ErrorKind.MALFORMED_PAGE, malformed.reason(), page.attempts()));
                return Optional.empty();
            }
        }
        Instant fetchedAt = Instant.now();
        String endpoint = page.uri().toString();
        int invalid = 0;
        try (ProductJson.Writer json = ProductJson.writer()) {
            for (JsonNode item : items) {
                switch (mapper.map(item, task.runId(), endpoint, fetchedAt)) {
                    case MappedItem.Product product -> {
                        output.product(product.record(), json);
                        if (cursorField != null) {
                            observeCursor(item);
                        }
                    }
                    case MappedItem.Invalid bad -> {
                        invalid++;
                        String which = bad.externalId() == null ? "an item" : "item " + bad.externalId();
                        error(new PageFailure(
                                page.uri(), ErrorKind.INVALID_ITEM, which + ": " + bad.reason(), page.attempts()));
                    }
                }
            }
        }
        counters.pageDone(items.size(), invalid);
        return Optional.of(new PublishedPage(page, items.size()));
    }

    /**
     * The item's cursor value towards the task's high-water mark. One that is missing or of another
     * kind than the source's is counted (on the task's {@code TaskDone}), never a reason to drop the item.
     */
    private void observeCursor(JsonNode item) {
        JsonNode value = item.at(cursorField);
        String cursor = value.isString() || value.isNumber() ? value.asString() : null;
        if (cursorKind.accepts(cursor)) {
            output.cursorSeen(cursor);
        } else {
            output.cursorMissing();
        }
    }

    private void error(PageFailure failure) {
        counters.errorRecorded();
        // A message may quote what failed (an exception's text): never with a secret of the source in it.
        output.event(new RunEvent.FetchFailed(
                task.runId(),
                source.name(),
                failure.uri().toString(),
                secrets.redact(failure.message()),
                failure.kind().wireName(),
                failure.attempts(),
                Instant.now(),
                output.attempt()));
    }

    private record PublishedPage(Page page, int items) {}
}
