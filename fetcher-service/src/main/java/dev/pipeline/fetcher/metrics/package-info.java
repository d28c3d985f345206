/** Metrics: the fetcher's run and per-source counters, exported on {@code /actuator/prometheus}. */
package dev.pipeline.fetcher.metrics;
