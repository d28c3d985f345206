/** Mapping: where an item of a page becomes a product record, or an invalid item with its reason. */
package dev.pipeline.fetcher.mapping;
