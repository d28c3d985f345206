/**
 * Uploads: JSON or CSV files sent to {@code POST /api/uploads} become a run of their own (source
 * {@code upload}, one task), mapped and validated like fetched pages. Nothing in an upload is ever fetched.
 */
package dev.pipeline.fetcher.upload;
