/**
 * Announce: the coordination between processor instances through Kafka, not a shared disk. The
 * instance that reports a run (or writes its abandoned-run marker, or gives it up) announces it
 * with a {@code reported} event on {@code pipeline.runs} ({@link
 * dev.pipeline.processor.announce.ReportAnnouncer}); every instance reads every announcement with a
 * consumer of its own ({@link dev.pipeline.processor.announce.AnnouncementReader}, owned by {@link
 * dev.pipeline.processor.announce.Announcements}) and the ledger forgets the run. See
 * ARCHITECTURE.md, "Several processor instances".
 */
package dev.pipeline.processor.announce;
