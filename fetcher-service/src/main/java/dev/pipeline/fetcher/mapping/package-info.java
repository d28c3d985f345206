/**
 * Mapping: where an item of a page becomes a product record (its mapped fields, its further mapped
 * {@code attributes}, and the item as the API sent it, shaped by {@code include}/{@code exclude} and
 * within its size cap), or an invalid item with its reason.
 */
package dev.pipeline.fetcher.mapping;
