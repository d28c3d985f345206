/**
 * Reading a finished report's summary and metrics, without its products, and printing them as a
 * table. The format (keys, how a report is read section by section) is common's
 * {@code dev.pipeline.common.report}, the one the processor writes it with.
 */
package dev.pipeline.cli.report;
