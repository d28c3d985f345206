/**
 * The original's ways of naming sources, read by one rule for the CLI ({@code --url},
 * {@code --args-file}) and the fetcher ({@code pipeline.urls}, {@code pipeline.args-file}): the
 * {@code URL|name|paged} option, the {@code args.json} file, the {@code paged} flag in every form
 * the original took, and how its free-text names become source names, merged with a sources
 * file's and each URL fetched once. Also what a source name and an http(s) URL are, which both
 * check. Plain Java and Jackson: each caller turns an {@link dev.pipeline.common.original.InvalidSourceInput}
 * into its own wording (an option, a property).
 */
package dev.pipeline.common.original;
