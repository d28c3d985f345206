/**
 * Catalog: the latest state of every item, {@code GET /api/catalog}. The compacted products topic
 * already is that state; this package keeps a copy every instance can page through. A consumer of
 * its own ({@code CatalogReader}: every partition assigned, no group, read_committed) fills an
 * on-disk store ({@code CatalogStore}: RocksDB under {@code <work-dir>/.catalog}, the record's
 * bytes per key, the offsets read in the same write), in the background, slowly while this
 * instance has a run open ({@code run.RunLedger}), and to the end offsets of the moment when a
 * request asks. Never on the listeners' path: reports are not slowed down by it. A tombstone
 * removes its key; a latest record that cannot be read hides its key and is counted on the page.
 */
package dev.pipeline.processor.catalog;
