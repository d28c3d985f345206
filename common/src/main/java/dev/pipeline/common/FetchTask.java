package dev.pipeline.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Pages of one source in one run for a fetcher instance to fetch, on {@link Topics#FETCH_TASKS}.
 * A {@link Kind#WALK} task fetches one page and plans what follows it: on the first page of a
 * source that tells its total, every remaining page at once, in {@link Kind#PAGES} tasks; else the
 * next page (cursor, link, page number) as the next walk task. Ids are made from the pages, so a
 * task planned twice is the same task.
 *
 * @param pages      the URLs to fetch: one for a walk, a range for pages. A source that pages in its
 *                   POST body has one URL for all pages: each carries the body fields it moves in
 *                   its fragment ({@code #/offset=40&/limit=20}), which is never sent
 * @param pageIndex  the index (from 0) of the first of {@code pages} in the source
 * @param itemsSoFar items on the source's pages before it, for sources whose next URL needs it
 * @param cursor     for an incremental source, the cursor its run started from, which every page's
 *                   request carries (the tasks a task plans inherit it); {@code null} when the run
 *                   fetches from the beginning, and for every other source
 * @param window     for a source fetched in date windows, the index of its task's window in the run
 *                   (from 0), which is in the task's id ({@code <source>:w<window>:p<page>}): two
 *                   windows' pages are different tasks; {@code null} for every other source
 * @param until      for a source fetched in date windows, the window's upper bound, which every page's
 *                   request carries as its end; {@code null} for every other source
 */
public record FetchTask(
        String runId,
        String taskId,
        String source,
        Kind kind,
        List<String> pages,
        int pageIndex,
        long itemsSoFar,
        @JsonInclude(JsonInclude.Include.NON_NULL) String cursor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer window,
        @JsonInclude(JsonInclude.Include.NON_NULL) String until) {

    public FetchTask {
        pages = List.copyOf(pages);
    }

    /** A task of a source fetched whole. */
    public FetchTask(
            String runId, String taskId, String source, Kind kind, List<String> pages, int pageIndex, long itemsSoFar) {
        this(runId, taskId, source, kind, pages, pageIndex, itemsSoFar, null, null, null);
    }

    /** A task of an incremental source fetched without windows. */
    public FetchTask(
            String runId,
            String taskId,
            String source,
            Kind kind,
            List<String> pages,
            int pageIndex,
            long itemsSoFar,
            String cursor) {
        this(runId, taskId, source, kind, pages, pageIndex, itemsSoFar, cursor, null, null);
    }

    /** The same task, its requests carrying {@code cursor}: see {@link #cursor()}. */
    public FetchTask withCursor(String cursor) {
        return new FetchTask(runId, taskId, source, kind, pages, pageIndex, itemsSoFar, cursor, window, until);
    }

    /**
     * The same task in date window {@code window} of its run, from {@code cursor} to {@code until}: its
     * id names the window ({@code <source>:w<window>:p...}), so that each window's first task, and
     * each of its pages, is a task of its own.
     */
    public FetchTask inWindow(int window, String cursor, String until) {
        String id = source + ":w" + window + taskId.substring(source.length());
        return new FetchTask(runId, id, source, kind, pages, pageIndex, itemsSoFar, cursor, window, until);
    }

    /** This task as {@code parent} planned it: carrying the parent's cursor, and its window if it has one. */
    public FetchTask plannedBy(FetchTask parent) {
        return parent.window == null ? withCursor(parent.cursor) : inWindow(parent.window, parent.cursor, parent.until);
    }

    public enum Kind {
        WALK,
        PAGES
    }

    public static FetchTask walk(String runId, String source, String uri, int pageIndex, long itemsSoFar) {
        return new FetchTask(
                runId, pageTaskId(source, pageIndex), source, Kind.WALK, List.of(uri), pageIndex, itemsSoFar);
    }

    /**
     * The id of the task of one page of {@code source}, {@code <source>:p<pageIndex>}: a walk task's,
     * and with page 0 a source's first task in a run (an upload's one task is {@code upload:p0}).
     */
    public static String pageTaskId(String source, int pageIndex) {
        return source + ":p" + pageIndex;
    }

    public static FetchTask pages(String runId, String source, List<String> uris, int firstIndex) {
        return new FetchTask(
                runId,
                source + ":p" + firstIndex + "-" + (firstIndex + uris.size() - 1),
                source,
                Kind.PAGES,
                uris,
                firstIndex,
                0);
    }

    /** {@code <runId>/<taskId>}: names the run and the task even when the value cannot be read. */
    public String key() {
        return key(runId, taskId);
    }

    public static String key(String runId, String taskId) {
        return runId + '/' + taskId;
    }

    /** The run id a task key names, or {@code null} when it names none. */
    public static String runIdOf(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash <= 0 ? null : key.substring(0, slash);
    }

    /** The task id a task key names, or {@code null} when it names none. */
    public static String taskIdOf(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash <= 0 || slash == key.length() - 1 ? null : key.substring(slash + 1);
    }
}
