/**
 * {@code pipeline bench}: end-to-end throughput, latency and memory of the pipeline on this
 * machine, each figure set against Kafka's own produce and consume rate measured on the same
 * broker in the same run. See BENCHMARKS.md at the repository root.
 *
 * <p>Its own module ({@code local/bench}, run by {@code ./pipeline bench} from
 * {@code pipeline-bench.jar}): it starts its stacks and reads their runs and reports with the CLI's
 * {@code stack}, {@code run} and {@code report} packages, used as a library.
 */
package dev.pipeline.bench;
