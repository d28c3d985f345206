package dev.pipeline.fetcher.run;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.RunEvent;
import dev.pipeline.fetcher.fetch.FetchOutcome;
import dev.pipeline.fetcher.fetch.Page;
import dev.pipeline.fetcher.fetch.PageClient;
import dev.pipeline.fetcher.fetch.PageFailure;
import dev.pipeline.fetcher.fetch.PagePlanner;
import dev.pipeline.fetcher.fetch.SourceCounters;
import dev.pipeline.fetcher.mapping.ItemMapper;
import dev.pipeline.fetcher.mapping.MappedItem;
import dev.pipeline.fetcher.publish.RunSink;
import dev.pipeline.fetcher.source.SourceDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Fetches every page of one source in one run and turns each page into products and errors.
 * Every item ends as a product or an {@code invalid_item} error; every page given up on ends as
 * one error. Nothing is dropped without a trace.
 */
final class SourceFetch {

    private final SourceDefinition source;
    private final String runId;
    private final PageClient client;
    private final RunSink sink;
    private final SourceCounters counters;
    private final ItemMapper mapper;
    private final PagePlanner planner;

    SourceFetch(SourceDefinition source, String runId, PageClient client, RunSink sink, SourceCounters counters) {
        this.source = source;
        this.runId = runId;
        this.client = client;
        this.sink = sink;
        this.counters = counters;
        this.mapper = new ItemMapper(source.name(), source.fields());
        this.planner = PagePlanner.of(source);
    }

    void run() throws InterruptedException {
        Optional<FetchedPage> first = fetch(planner.first());
        if (first.isEmpty()) {
            return;
        }
        Optional<List<URI>> remaining = planner.remainingAfterFirst(first.get().page(), first.get().items());
        if (remaining.isPresent()) {
            fetchConcurrently(remaining.get());
        } else {
            followFrom(first.get());
        }
    }

    private void fetchConcurrently(List<URI> pages) throws InterruptedException {
        Semaphore inFlight = new Semaphore(client.concurrency(source));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (URI uri : pages) {
                inFlight.acquire();
                executor.submit(() -> {
                    try {
                        fetch(uri);
                    } catch (RuntimeException e) {
                        sink.fail(e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    /** Without a known total a failed page ends the source: there is no telling what follows it. */
    private void followFrom(FetchedPage first) {
        FetchedPage page = first;
        long itemsSoFar = first.items();
        for (int index = 0; ; index++) {
            Optional<URI> next = planner.next(page.page(), index, page.items(), itemsSoFar);
            if (next.isEmpty()) {
                return;
            }
            Optional<FetchedPage> fetched = fetch(next.get());
            if (fetched.isEmpty()) {
                return;
            }
            page = fetched.get();
            itemsSoFar += page.items();
        }
    }

    private Optional<FetchedPage> fetch(URI uri) {
        return switch (client.fetch(source, uri, counters)) {
            case FetchOutcome.Failed failed -> {
                error(failed.failure());
                yield Optional.empty();
            }
            case FetchOutcome.Fetched fetched -> publish(fetched.page());
        };
    }

    private Optional<FetchedPage> publish(Page page) {
        JsonNode items = items(page.body());
        if (items == null) {
            error(new PageFailure(page.uri(), ErrorKind.MALFORMED_PAGE,
                    "no item array at " + source.items(), page.attempts()));
            return Optional.empty();
        }
        Instant fetchedAt = Instant.now();
        String endpoint = page.uri().toString();
        int invalid = 0;
        for (JsonNode item : items) {
            switch (mapper.map(item, runId, endpoint, fetchedAt)) {
                case MappedItem.Product product -> sink.product(product.record());
                case MappedItem.Invalid bad -> {
                    invalid++;
                    String which = bad.externalId() == null ? "an item" : "item " + bad.externalId();
                    error(new PageFailure(page.uri(), ErrorKind.INVALID_ITEM, which + ": " + bad.reason(), page.attempts()));
                }
            }
        }
        counters.pageDone(items.size(), invalid);
        return Optional.of(new FetchedPage(page, items.size()));
    }

    /**
     * The first of the source's item pointers that is an array; nothing when none of them is on
     * the page (a page without items, like httpbin's); {@code null} when the page is not an object
     * or array, or a pointer holds something other than an array.
     */
    private JsonNode items(JsonNode body) {
        boolean somethingElse = !body.isContainer();
        for (String pointer : source.items()) {
            JsonNode node = body.at(pointer);
            if (node.isArray()) {
                return node;
            }
            somethingElse |= !pointer.isEmpty() && !node.isMissingNode() && !node.isNull();
        }
        return somethingElse ? null : MissingNode.getInstance();
    }

    private void error(PageFailure failure) {
        counters.errorRecorded();
        sink.event(new RunEvent.FetchFailed(runId, source.name(), failure.uri().toString(), failure.message(),
                failure.kind().wireName(), failure.attempts(), Instant.now()));
    }

    private record FetchedPage(Page page, int items) {
    }
}
