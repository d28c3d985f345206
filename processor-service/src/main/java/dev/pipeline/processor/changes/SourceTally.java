package dev.pipeline.processor.changes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One source's counts as a run's items and the catalogue are read side by side, and what it needs
 * to count them: whether it was fetched incrementally, and which earlier runs' items are still
 * there ({@code stillThere}: an item last seen by one of them that this run did not publish was
 * removed, for a source fetched whole).
 */
final class SourceTally {

    /** Removed ids listed per source at most: the count says whether that is all. */
    static final int MAX_REMOVED_IDS = 100;

    final String againstRun;
    final boolean incremental;
    final Set<String> stillThere;
    long added;
    long removed;
    long priceChanged;
    long categoryChanged;
    long unchanged;
    long unknown;
    final List<String> removedIds = new ArrayList<>();

    SourceTally(String againstRun, boolean incremental, Set<String> stillThere) {
        this.againstRun = againstRun;
        this.incremental = incremental;
        this.stillThere = stillThere;
    }

    void removed(String id) {
        removed++;
        if (removedIds.size() < MAX_REMOVED_IDS) {
            removedIds.add(id);
        }
    }
}
