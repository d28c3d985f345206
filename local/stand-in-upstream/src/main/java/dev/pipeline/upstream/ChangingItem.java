package dev.pipeline.upstream;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One item of the changing catalogue ({@code /changing/items}) in one generation.
 *
 * @param price     two decimals, at least 0.50; served as a JSON number
 * @param updatedAt when the item last changed: {@link ChangingItems#BASE} plus {@code g} hours for
 *                  an item added or changed in generation {@code g}, at or before BASE for an
 *                  item unchanged since generation 0
 */
public record ChangingItem(int id, String title, BigDecimal price, String category, Instant updatedAt) {}
