package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A GraphQL server answers a query it could not run with HTTP 200 and an {@code errors} array
 * (GraphQL over HTTP, {@code application/json}): such a page, or one whose {@code data} is null or
 * missing, is a {@code graphql_error} with the server's messages, not a page without items. It is
 * not retried: the same query gets the same errors. Partial data beside errors is refused too, as
 * its items may be a silent part of the page.
 */
final class GraphQlAnswers {

    /** Messages quoted in the error, at most, each cut to {@link #MESSAGE_SHOWN} characters. */
    static final int MESSAGES_SHOWN = 3;

    static final int MESSAGE_SHOWN = 200;

    private GraphQlAnswers() {}

    static Page checked(SourceDefinition source, Page page) throws FetchException {
        if (source.graphql() == null) {
            return page;
        }
        JsonNode errors = page.body().path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (JsonNode error : errors) {
                if (messages.size() == MESSAGES_SHOWN) {
                    break;
                }
                String message = error.path("message").asString("");
                messages.add(message.length() > MESSAGE_SHOWN ? message.substring(0, MESSAGE_SHOWN) + "…" : message);
            }
            throw FetchException.fatal(
                    ErrorKind.GRAPHQL_ERROR,
                    "GraphQL errors (" + errors.size() + "): " + String.join("; ", messages),
                    null);
        }
        JsonNode data = page.body().path("data");
        if (data.isMissingNode() || data.isNull()) {
            throw FetchException.fatal(
                    ErrorKind.GRAPHQL_ERROR,
                    "GraphQL response without data (" + (data.isNull() ? "data is null" : "no data field") + ")",
                    null);
        }
        return page;
    }
}
