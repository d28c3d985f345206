/**
 * Retention: which objects of the report store ({@code store}) this processor wrote (reports and
 * abandoned-run markers, never anything else, recognised as common's {@code dev.pipeline.common.report}
 * says), deleting the oldest of them by age or count, and how much space the rest use. Of the rest of
 * the processor it asks only when the oldest run still open here began ({@code run.RunLedger}).
 */
package dev.pipeline.processor.retention;
