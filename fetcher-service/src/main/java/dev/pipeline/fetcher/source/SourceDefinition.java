package dev.pipeline.fetcher.source;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP JSON API.
 *
 * @param name           unique, used in product keys, metrics and the report
 * @param url            the first page's URL, without the pagination parameters
 * @param headers        sent with every request
 * @param items          JSON pointer to the array of items on a page; empty for a root array
 * @param pagination     how it pages; none when absent
 * @param fields         how an item's fields become a product's
 * @param maxConcurrency pages of this source in flight at once
 */
public record SourceDefinition(
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}",
                message = "must be lower-case letters, digits, '-' or '_' (at most 63)") String name,
        @NotNull URI url,
        Map<String, String> headers,
        @NotNull @Pattern(regexp = "(/.*)?", message = "must be a JSON pointer such as /products, or empty") String items,
        @Valid Pagination pagination,
        @Valid FieldMapping fields,
        @Min(1) @Max(256) int maxConcurrency) {

    public SourceDefinition {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        items = items == null ? "" : items;
        pagination = pagination == null ? Pagination.NONE : pagination;
        fields = fields == null ? FieldMapping.DEFAULT : fields;
        maxConcurrency = maxConcurrency == 0 ? 4 : maxConcurrency;
    }
}
