/**
 * Retention: which files of the output directory this processor wrote (reports and abandoned-run
 * markers, never anything else, named and recognised as common's {@code dev.pipeline.common.report}
 * says), deleting the oldest of them by age or count, and how much disk the rest use. Of the rest of
 * the processor it asks only when the oldest run still open here began ({@code run.RunLedger}).
 */
package dev.pipeline.processor.retention;
