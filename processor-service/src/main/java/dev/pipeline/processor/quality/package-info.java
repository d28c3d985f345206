/**
 * Quality gates: what a run's sources declared they expect ({@code expect:} on a source, carried on
 * the run's {@code Started} event) checked against the run when it completes, before its report is
 * written, so the report says which gate was missed and the run ends {@code DEGRADED}. Checked here,
 * by the instance that writes the report, because only it sees the run whole and deduplicated: a
 * fetcher sees only its own tasks. Reads the run's store ({@code run}) and earlier reports
 * ({@code stats}, for the drop against the last complete run).
 */
package dev.pipeline.processor.quality;
