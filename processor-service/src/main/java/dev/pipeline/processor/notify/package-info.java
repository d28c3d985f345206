/**
 * The failure webhook: when a run ends {@code DEGRADED} or {@code FAILED} (never {@code COMPLETE}),
 * {@code pipeline.notify.url} is sent a JSON body signed with HMAC-SHA256 under
 * {@code pipeline.notify.secret}. Delivered off the reporting thread, with a timeout and a bounded
 * retry with backoff (resilience4j); a webhook that fails never fails or delays a report, it is
 * logged and counted. Listens for {@code report.RunEnded}, published once per run ending by the
 * instance that wrote the report or gave the run up.
 */
package dev.pipeline.processor.notify;
