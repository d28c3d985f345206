package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A GraphQL server answers a query it could not run with HTTP 200 and an {@code errors} array
 * (GraphQL over HTTP, {@code application/json}): such a page, or one whose {@code data} is null or
 * missing, is a {@code graphql_error} with the server's messages, not a page without items. It is
 * not retried: the same query gets the same errors. Partial data beside errors is refused too, as
 * its items may be a silent part of the page.
 *
 * <p>The exception is throttling, which GraphQL APIs answer with HTTP 200 too: an error whose
 * {@code extensions.code} is {@code THROTTLED} (Shopify) or whose {@code type} (GitHub) or
 * {@code extensions.code} is {@code RATE_LIMITED} is retried as a 429 is, after the server's
 * {@code Retry-After}, or else the wait Shopify's {@code extensions.cost.throttleStatus} implies
 * (the points missing over the restore rate), else the retry's own backoff. Still throttled when
 * the retries are spent, it is the page's {@code graphql_error}.
 */
final class GraphQlAnswers {

    /** Messages quoted in the error, at most, each cut to {@link #MESSAGE_SHOWN} characters. */
    static final int MESSAGES_SHOWN = 3;

    static final int MESSAGE_SHOWN = 200;

    /** Error codes that say the query was refused for its rate, not for what it asks. */
    private static final Set<String> THROTTLED = Set.of("THROTTLED", "RATE_LIMITED");

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
            String message = "GraphQL errors (" + errors.size() + "): " + String.join("; ", messages);
            if (isThrottled(errors)) {
                throw FetchException.retryable(
                        ErrorKind.GRAPHQL_ERROR,
                        "throttled: " + message,
                        retryAfter(page).orElse(null),
                        null);
            }
            throw FetchException.fatal(ErrorKind.GRAPHQL_ERROR, message, null);
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

    private static boolean isThrottled(JsonNode errors) {
        for (JsonNode error : errors) {
            String code = error.path("extensions").path("code").asString("");
            String type = error.path("type").asString("");
            if (THROTTLED.contains(code.toUpperCase(Locale.ROOT))
                    || THROTTLED.contains(type.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The server's {@code Retry-After}, else what Shopify's throttle status says the points take to restore. */
    private static Optional<Duration> retryAfter(Page page) {
        Optional<Duration> header = RetryAfter.parse(page.headers().firstValue("Retry-After"));
        if (header.isPresent()) {
            return header;
        }
        JsonNode cost = page.body().path("extensions").path("cost");
        double requested = cost.path("requestedQueryCost").asDouble(0);
        JsonNode status = cost.path("throttleStatus");
        double available = status.path("currentlyAvailable").asDouble(0);
        double restoreRate = status.path("restoreRate").asDouble(0);
        if (restoreRate <= 0 || requested <= available) {
            return Optional.empty();
        }
        Duration restored = Duration.ofMillis((long) Math.ceil((requested - available) / restoreRate * 1000));
        return Optional.of(restored.compareTo(RetryAfter.MAX) > 0 ? RetryAfter.MAX : restored);
    }
}
