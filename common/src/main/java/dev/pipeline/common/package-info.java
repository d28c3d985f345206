/**
 * The wire contract between fetcher and processor, which the CLI reads too: record types, topic
 * names and policies, key format and JSON settings, and where a run is as the fetcher tells it
 * ({@link dev.pipeline.common.FetchState}). Its subpackages hold the two other formats more than one
 * module reads: the report ({@code report}) and the original's source options
 * ({@code original}); {@code net} picks the ports of the processes the CLI and the tests start. No
 * Spring, and nothing only one module needs.
 */
package dev.pipeline.common;
