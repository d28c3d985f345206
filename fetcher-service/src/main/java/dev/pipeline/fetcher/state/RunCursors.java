package dev.pipeline.fetcher.state;

import dev.pipeline.common.SourceState;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each incremental source of a run starts: its stored cursor less its lookback, or its
 * {@code start} when nothing is stored (or it was reset), or the beginning ({@code null}) when it
 * has no start either; and the generation of the state that was read, which whoever advances the
 * cursor after the run checks. Sources that are not incremental are not in it.
 *
 * @param cursors     by source name, {@code null} values for "from the beginning"
 * @param generations by source name
 */
public record RunCursors(Map<String, String> cursors, Map<String, Long> generations) {

    public static final RunCursors NONE = new RunCursors(Map.of(), Map.of());

    public RunCursors {
        cursors = Collections.unmodifiableMap(new TreeMap<>(cursors));
        generations = Map.copyOf(generations);
    }

    /** Reads the state only when the run has an incremental source. */
    public static RunCursors of(List<SourceDefinition> sources, SourceStates states) {
        if (sources.stream().noneMatch(SourceDefinition::isIncremental)) {
            return NONE;
        }
        return of(sources, states.read());
    }

    static RunCursors of(List<SourceDefinition> sources, Map<String, SourceState> states) {
        Map<String, String> cursors = new TreeMap<>();
        Map<String, Long> generations = new TreeMap<>();
        for (SourceDefinition source : sources) {
            if (source.isIncremental()) {
                Optional<SourceState> state = Optional.ofNullable(states.get(source.name()));
                cursors.put(
                        source.name(),
                        source.incremental().from(state.map(SourceState::cursor).orElse(null)));
                generations.put(
                        source.name(), state.map(SourceState::generation).orElse(0L));
            }
        }
        return new RunCursors(cursors, generations);
    }

    /** Where {@code source}'s first request starts; {@code null} from the beginning (or not incremental). */
    public String cursor(String source) {
        return cursors.get(source);
    }
}
