package dev.pipeline.common;

/**
 * What a run's owner expects of one source's share of a run (its quality gates), carried on
 * {@link RunEvent.Started} so that the processor, which alone sees the run whole, can check them
 * when the run completes. Each bound is optional ({@code null}: not checked).
 *
 * @param minItems         at least this many products of the source in the run's report
 * @param maxInvalidRatio  at most this share of the source's items invalid: {@code invalid_item}
 *                         errors ÷ (products + {@code invalid_item} errors), in [0, 1]
 * @param maxDropVsLastRun at most this drop of the source's products against the previous run
 *                         reported whole that fetched it: 1 − products ÷ its products, in [0, 1]
 */
public record SourceExpectations(Long minItems, Double maxInvalidRatio, Double maxDropVsLastRun) {

    /** No gate at all. */
    public static final SourceExpectations NONE = new SourceExpectations(null, null, null);

    /** Whether any gate is set. */
    public boolean any() {
        return minItems != null || maxInvalidRatio != null || maxDropVsLastRun != null;
    }
}
