/**
 * The {@code pipeline} command line: {@code run} (the one-command local run), {@code status} and
 * {@code report}. Usage errors exit 2 with one line; failures exit 1 with the log tail that explains them.
 */
package dev.pipeline.cli;
