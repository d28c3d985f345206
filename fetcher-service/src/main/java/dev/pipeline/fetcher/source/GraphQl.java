package dev.pipeline.fetcher.source;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
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
 * @param variables      sent with every page (a YAML object, bound by Spring: keys with {@code $ @ .},
 *                       empty lists and nulls need {@code variables-json}); the cursor variable is
 *                       added to it
 * @param items          JSON pointer into {@code data} to the page's items, such as {@code /products/edges}
 * @param endCursor      JSON pointer into {@code data} to the next cursor, such as
 *                       {@code /products/pageInfo/endCursor}; absent: one page
 * @param hasNextPage    JSON pointer into {@code data} to whether there is a next page; absent: pages
 *                       follow while the end cursor is there and a page has items. Needs
 *                       {@code end-cursor}: alone it would do nothing
 * @param cursorVariable the variable the cursor is passed in ({@code after})
 * @param maxPages       a cap on the pages fetched per run (as {@code pagination.max-pages})
 * @param variablesJson  {@code variables-json}: the variables as JSON text, sent exactly as written
 *                       (instead of {@code variables})
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

        @Min(0) int maxPages,
        String variablesJson) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public GraphQl {
        if (variablesJson != null && (variables == null || variables.isEmpty())) {
            variables = BodyTemplate.parsed(variablesJson);
        }
        variables = variables == null ? new BodyTemplate.Exact() : BodyTemplate.exact(variables);
        cursorVariable = cursorVariable == null ? "after" : cursorVariable;
    }

    /** GraphQL with its variables as a map. */
    public GraphQl(
            String query,
            Map<String, Object> variables,
            String items,
            String endCursor,
            String hasNextPage,
            String cursorVariable,
            int maxPages) {
        this(query, variables, items, endCursor, hasNextPage, cursorVariable, maxPages, null);
    }

    @AssertTrue(message = "graphql.variables-json must be a JSON object, such as '{\"first\": 50}'")
    public boolean isVariablesJsonAnObject() {
        return variablesJson == null || BodyTemplate.parsed(variablesJson) != null;
    }

    @AssertTrue(message = "give graphql.variables (a YAML object) or graphql.variables-json (JSON text), not both")
    public boolean isVariablesGivenOnce() {
        return variablesJson == null || variables.isEmpty() || variables.equals(BodyTemplate.parsed(variablesJson));
    }

    @AssertTrue(
            message = "graphql.has-next-page needs graphql.end-cursor: without an end cursor there is no next page to"
                    + " ask for")
    public boolean isHasNextPageWithEndCursor() {
        return hasNextPage == null || endCursor != null;
    }

    /** The body every page sends, before its cursor. */
    Map<String, Object> body() {
        Map<String, Object> body = new BodyTemplate.Exact();
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
                Math.max(0, maxPages), // a negative one is named as graphql.max-pages, not pagination's
                "/variables/" + cursorVariable,
                null,
                hasNextPage == null ? null : "/data" + hasNextPage);
    }
}
