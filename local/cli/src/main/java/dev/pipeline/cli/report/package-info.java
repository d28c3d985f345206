/** Reading a finished report's summary and metrics, without its products, and printing them as a table. */
package dev.pipeline.cli.report;
