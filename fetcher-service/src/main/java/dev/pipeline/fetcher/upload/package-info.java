/**
 * Uploads: JSON or CSV files sent to {@code POST /api/uploads} become a run of their own (source
 * {@code upload}), mapped and validated like fetched pages. Nothing in an upload is ever fetched.
 */
package dev.pipeline.fetcher.upload;
