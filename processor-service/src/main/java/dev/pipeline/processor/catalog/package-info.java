/**
 * Catalog: the latest state of every item, {@code GET /api/catalog}. The compacted products topic
 * already is that state; this package keeps a copy every instance can page through. A consumer of
 * its own ({@code CatalogReader}: every partition assigned, no group, read_committed) fills an
 * on-disk store ({@code CatalogStore}: RocksDB under {@code <work-dir>/.catalog}, the record's
 * bytes per key, the offsets read in the same write), in the background, slowly while this
 * instance has a run open ({@code run.RunLedger}), and to the end offsets of the moment when a
 * request asks. Never on the listeners' path: reports are not slowed down by it. A tombstone
 * removes its key; a latest record that cannot be read hides its key and is counted on the page.
 * For a report's changes ({@code changes}) it also keeps per item its {@code Versions}: the latest
 * state and the one before it of another run, under the run store's {@code SortKey}, so that the
 * state before any run is known whether or not the run's own records have been read yet
 * ({@code Baseline}); a report asks it to read everything before its run ({@code Catalog.catchUpTo}).
 */
package dev.pipeline.processor.catalog;
