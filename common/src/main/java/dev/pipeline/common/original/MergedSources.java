package dev.pipeline.common.original;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sources of one start, merged in the order given: those of a sources file (this project's
 * format) as they are, then the original's endpoints, each named by {@link SourceNames#fromOriginal}
 * after its place in the whole list. An endpoint whose URL was already given is left out, so it is
 * fetched once, under the first name it had; two sources that would have the same name are refused,
 * naming both. The fetcher merges its startup files by it and the CLI its options, so the CLI knows
 * before the fetcher starts which names the fetcher will use.
 */
public final class MergedSources {

    private final Map<String, String> origins = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Set<String> urls = new HashSet<>();
    private int count;

    /**
     * A source in this project's format, taken as it is.
     *
     * @param name  null when it has none: its own validation says so
     * @param where how the user gave it, for the message when its name is taken
     * @throws DuplicateSourceName when an earlier source has its name
     */
    public void addSource(String name, String url, String where) {
        if (name != null) {
            claim(name, where);
        }
        urls.add(url);
        count++;
    }

    /**
     * One of the original's endpoints.
     *
     * @return it under its source name, or empty when its URL was given before
     * @throws DuplicateSourceName when an earlier source has the name it would get
     */
    public Optional<OriginalEndpoint> addEndpoint(OriginalEndpoint endpoint, String where) {
        if (!urls.add(endpoint.url())) {
            return Optional.empty();
        }
        String name = SourceNames.fromOriginal(endpoint.name(), count);
        claim(name, where);
        count++;
        return Optional.of(endpoint.named(name));
    }

    /** The names of the sources added so far, in order (a source without one left out). */
    public List<String> names() {
        return List.copyOf(names);
    }

    private void claim(String name, String where) {
        String earlier = origins.putIfAbsent(name, where);
        if (earlier != null) {
            throw new DuplicateSourceName(name, earlier, where);
        }
        names.add(name);
    }
}
