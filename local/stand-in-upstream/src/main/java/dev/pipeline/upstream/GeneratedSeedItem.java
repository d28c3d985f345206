package dev.pipeline.upstream;

/**
 * One item of the seed workload ({@code /seed/items}): the few fields the original's own
 * benchmark pages carried.
 *
 * @param price two decimals, 0.50 to 2,000.00
 */
public record GeneratedSeedItem(int id, String title, double price, String category) {}
