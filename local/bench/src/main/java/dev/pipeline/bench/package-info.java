/**
 * {@code pipeline bench}: end-to-end throughput, latency and memory of the pipeline on this
 * machine, each figure set against Kafka's own produce and consume rate measured on the same
 * broker in the same run. See BENCHMARKS.md at the repository root. Its own module, which starts
 * its stacks with the CLI's {@code stack}, {@code run} and {@code report} packages as a library.
 */
package dev.pipeline.bench;
