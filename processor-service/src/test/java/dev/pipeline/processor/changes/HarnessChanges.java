package dev.pipeline.processor.changes;

import dev.pipeline.processor.catalog.Catalog;
import dev.pipeline.processor.stats.RunHistory;

/** For timing harnesses of other packages: {@link Changes} as the application makes it. */
public final class HarnessChanges {

    private HarnessChanges() {}

    public static Changes of(Catalog catalog, RunHistory history) {
        return new Changes(catalog, history);
    }
}
