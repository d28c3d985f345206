package dev.pipeline.fetcher.source;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A GraphQL source ({@code graphql:}): every page is a POST of {@code {"query", "variables"}}
 * as JSON to the source's url, the cursor passed as the variable {@code cursor-variable}. It
 * stands for the source's {@code method}, {@code body}, {@code items} and {@code pagination},
 * which such a source leaves out: its items are at {@code items} under {@code /data}, and the next
 * page's cursor is {@code end-cursor} while {@code has-next-page} is true (Relay's
 * {@code pageInfo}). A page answered with a non-empty {@code errors} array, or with
 * {@code data} null or missing, is a {@code graphql_error}, never a page without items.
 *
 * @param query          the query document, sent as it is
 * @param variables      sent with every page (a YAML object); the cursor variable is added to it
 * @param items          JSON pointer into {@code data} to the page's items, such as {@code /products/edges}
 * @param endCursor      JSON pointer into {@code data} to the next cursor, such as
 *                       {@code /products/pageInfo/endCursor}; absent: one page
 * @param hasNextPage    JSON pointer into {@code data} to whether there is a next page; absent: pages
 *                       follow while the end cursor is there and a page has items
 * @param cursorVariable the variable the cursor is passed in ({@code after})
 * @param maxPages       a cap on the pages fetched per run (as {@code pagination.max-pages})
 */
public record GraphQl(
        @NotBlank String query,
        Map<String, Object> variables,

        @NotBlank @Pattern(regexp = "/.*", message = "must be a JSON pointer into data, such as /products/edges")
        String items,

        @Pattern(regexp = "/.*", message = "must be a JSON pointer into data, such as /products/pageInfo/endCursor")
        String endCursor,

        @Pattern(regexp = "/.*", message = "must be a JSON pointer into data, such as /products/pageInfo/hasNextPage")
        String hasNextPage,

        @DefaultValue("after") @Pattern(regexp = "[_A-Za-z][_0-9A-Za-z]*", message = "must be a GraphQL variable name")
        String cursorVariable,

        int maxPages) {

    public GraphQl {
        variables = variables == null ? Map.of() : new LinkedHashMap<>(variables);
        cursorVariable = cursorVariable == null ? "after" : cursorVariable;
    }

    /** The body every page sends, before its cursor. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return body;
    }

    /** Where the items are in a response. */
    List<String> itemPointers() {
        return List.of("/data" + items);
    }

    /** Cursor pagination that moves {@code /variables/<cursor-variable>}, or none without an end cursor. */
    Pagination pagination() {
        if (endCursor == null) {
            return Pagination.NONE;
        }
        return new Pagination(
                Pagination.Kind.CURSOR,
                null,
                0,
                null,
                null,
                0,
                null,
                null,
                "/data" + endCursor,
                null,
                maxPages,
                "/variables/" + cursorVariable,
                null,
                hasNextPage == null ? null : "/data" + hasNextPage);
    }
}
