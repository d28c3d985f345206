package dev.pipeline.fetcher.source;

import dev.pipeline.common.SourceExpectations;
import dev.pipeline.common.original.HttpUrls;
import dev.pipeline.common.original.SourceNames;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One HTTP JSON API.
 *
 * @param name        unique, used in product keys, metrics, resilience4j instance names and the report
 *                    ({@link SourceNames#PATTERN})
 * @param url         the first page's URL without pagination parameters; for template paging it
 *                    holds the {@code {page}} and {@code {skip}} placeholders. Its user info
 *                    ({@code https://user:password@host/}) is sent as HTTP Basic auth when the source
 *                    has no other, its secret query parameters (see {@code query}) as they are; no
 *                    URL the fetcher records holds either
 * @param headers     sent with every request (values may reference environment variables: ${NAME})
 * @param query       query parameters added to every request. One here or in the {@code url} whose
 *                    name looks like a credential ({@link #isSecretParameter}) is a secret: sent with
 *                    every request, left out of every URL the fetcher records (tasks, products'
 *                    endpoints, errors, logs) and of a next-page link that echoes it back.
 *                    Pagination's own parameters are never secrets
 * @param items       where a page's items are: JSON pointers tried in turn, the first that is an
 *                    array wins; empty (or "") for a root array
 * @param itemsRequired {@code items-required}, default true: a page (a JSON object or array) on
 *                    which none of the pointers is an array is a {@code malformed_page} error
 *                    saying what it found there, so a wrong pointer shows in the report instead of
 *                    passing as a page of no items. False: such a page is a page without items, as
 *                    the original took its endpoints (args.json, --url, pipeline.urls; httpbin's
 *                    echo). A body that is not an object or array is malformed either way.
 * @param pagination  how it pages; none when absent
 * @param fields      how an item's fields become a product's
 * @param auth        how it authenticates; none when absent
 * @param readTimeout overrides {@code pipeline.fetch.read-timeout} for a slow source
 * @param expect      its quality gates ({@code expect:}), checked by the processor when a run that
 *                    fetched it completes; none when absent
 * @param incremental how it is fetched incrementally; fetched whole every run when absent
 * @param method      {@code GET} (the default) or {@code POST}. A POST is a read query here: it is
 *                    retried, rate limited and broken like a GET, and it follows no redirect (a
 *                    redirect is the page's {@code http_error})
 * @param body        with {@code method: POST}: the JSON body every page sends (a YAML object, or
 *                    the parsed {@code body-json}; at most {@link BodyTemplate#MAX_BYTES} as JSON),
 *                    in which {@code pagination.body-field} moves from page to page and
 *                    {@code {cursor}}, in a string value, is an incremental source's cursor. A YAML
 *                    object passes Spring's binding, which changes keys with {@code $ @ .} and empty
 *                    lists and nulls ({@link BodyTemplate}): such a body goes in {@code body-json}
 * @param graphql     a GraphQL source ({@link GraphQl}): stands for {@code method}, {@code body},
 *                    {@code items} and {@code pagination}, which it leaves out
 * @param bodyJson    {@code body-json}: the body as JSON text, sent exactly as written (instead of
 *                    {@code body})
 */
public record SourceDefinition(
        @NotNull @Pattern(regexp = SourceNames.PATTERN, message = "must be " + SourceNames.RULE)
        String name,

        @NotBlank String url,
        Map<String, String> headers,
        Map<String, String> query,
        List<@Pattern(regexp = "(/.*)?", message = "must be a JSON pointer such as /products, or empty") String> items,
        @DefaultValue("true") boolean itemsRequired,
        @Valid Pagination pagination,
        @Valid FieldMapping fields,
        @Valid Auth auth,
        Duration readTimeout,
        @Valid Expectations expect,
        @Valid Incremental incremental,
        Method method,
        Map<String, Object> body,
        @Valid GraphQl graphql,
        String bodyJson) {

    /** How a source's pages are requested. */
    public enum Method {
        GET,
        POST
    }

    /** Where an incremental source's url takes its cursor, instead of a query parameter. */
    public static final String CURSOR_VARIABLE = "{cursor}";

    /** See {@link #isSecretParameter}. */
    private static final java.util.regex.Pattern SECRET_PARAMETER = java.util.regex.Pattern.compile(
            "(?i).*(key|token|secret|passw(or)?d|pwd|auth|signature|credential|session).*|sig");

    private static final java.util.regex.Pattern URL_USER_INFO = java.util.regex.Pattern.compile("(?<=//)[^/?#@]*@");
    private static final java.util.regex.Pattern URL_PARAMETER =
            java.util.regex.Pattern.compile("([?&])([^=&#]*)=([^&#]*)");

    @ConstructorBinding
    public SourceDefinition {
        if (bodyJson != null && body == null) {
            body = BodyTemplate.parsed(bodyJson);
        }
        if (graphql != null && (items == null || items.isEmpty()) && pagination == null && body == null) {
            // What a GraphQL source stands for; one that sets any of them itself is refused (isGraphqlAlone).
            items = graphql.itemPointers();
            pagination = graphql.pagination();
            body = graphql.body();
            method = method == null ? Method.POST : method;
        }
        method = method == null ? Method.GET : method;
        body = body == null ? null : BodyTemplate.exact(body);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        query = query == null ? Map.of() : Map.copyOf(query);
        items = items == null || items.isEmpty() ? List.of("") : List.copyOf(items);
        pagination = pagination == null ? Pagination.NONE : pagination;
        fields = fields == null ? FieldMapping.DEFAULT : fields;
        auth = auth == null ? Auth.NONE : auth;
    }

    /** A source with the common defaults, for code and tests. */
    public static SourceDefinition of(String name, String url, String items, Pagination pagination) {
        return new SourceDefinition(
                name,
                url,
                null,
                null,
                List.of(items),
                true,
                pagination,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** Its quality gates as a run's start carries them; {@link SourceExpectations#NONE} without any. */
    public SourceExpectations expectations() {
        return expect == null ? SourceExpectations.NONE : expect.onTheWire();
    }

    @AssertTrue(message = "url must be an absolute http(s) URL")
    public boolean isUrlAbsoluteHttp() {
        return url != null && HttpUrls.isSourceUrl(url.replace(CURSOR_VARIABLE, "0"));
    }

    /** Whether it is fetched incrementally. */
    public boolean isIncremental() {
        return incremental != null;
    }

    @AssertTrue(
            message = "incremental needs exactly one of incremental.parameter (a query parameter), {cursor}"
                    + " in the url or {cursor} in the body (or graphql.variables)")
    public boolean isCursorPlacedOnce() {
        boolean inUrl = url != null && url.contains(CURSOR_VARIABLE);
        if (incremental == null) {
            return !inUrl && !isCursorInBody();
        }
        boolean parameter =
                incremental.parameter() != null && !incremental.parameter().isBlank();
        return (parameter ? 1 : 0) + (inUrl ? 1 : 0) + (isCursorInBody() ? 1 : 0) == 1;
    }

    @AssertTrue(
            message = "{cursor} in the url or body needs incremental.start: the first run has no cursor to send"
                    + " otherwise")
    public boolean isCursorVariableStarted() {
        return incremental == null
                || ((url == null || !url.contains(CURSOR_VARIABLE)) && !isCursorInBody())
                || incremental.start() != null;
    }

    /**
     * This source as a run that starts from {@code cursor} fetches it: the cursor in its parameter
     * or url, and the backfill's end in its parameter, on every request. A {@code null} cursor (from
     * the beginning) sends no cursor parameter. Itself when it is not incremental.
     */
    public SourceDefinition fromCursor(String cursor) {
        return incremental == null ? this : inWindow(cursor, incremental.end());
    }

    /**
     * What a window's request sends as its upper bound: a window inside the backfill reaches one
     * second past its end, into the next window. The next window's lower bound is this one's end,
     * sent in {@code parameter}; an API that reads both bounds as exclusive ({@code updated_after},
     * {@code updated_before}) would otherwise fetch an item stamped exactly on the boundary in
     * neither window. An item in the overlap is fetched by both, and counted once (a run's products
     * are its distinct keys). The backfill's own {@code end} is sent as it is.
     */
    private String requestedUntil(String until) {
        if (until.equals(incremental.end())) {
            return until;
        }
        return dev.pipeline.common.Cursors.instant(until)
                .map(instant -> instant.plusSeconds(1).toString())
                .orElse(until);
    }

    /**
     * This source as a task of a run fetches it: from {@code cursor}, as {@link #fromCursor}, and up
     * to {@code until} in {@code end-parameter} when it is not {@code null} (a date window's upper
     * bound, else the backfill's {@code end}). Itself when it is not incremental.
     */
    public SourceDefinition inWindow(String cursor, String until) {
        if (incremental == null) {
            return this;
        }
        Map<String, String> runQuery = new java.util.HashMap<>(query);
        String runUrl = url;
        Map<String, Object> runBody = body;
        if (isCursorInBody()) {
            runBody = BodyTemplate.replaced(body, CURSOR_VARIABLE, cursor == null ? "" : cursor);
        } else if (url.contains(CURSOR_VARIABLE)) {
            runUrl = url.replace(
                    CURSOR_VARIABLE,
                    java.net.URLEncoder.encode(cursor == null ? "" : cursor, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20"));
        } else if (cursor != null) {
            runQuery.put(incremental.parameter(), cursor);
        }
        if (until != null) {
            runQuery.put(incremental.endParameter(), requestedUntil(until));
        }
        return new SourceDefinition(
                name,
                runUrl,
                headers,
                runQuery,
                items,
                itemsRequired,
                pagination,
                fields,
                auth,
                readTimeout,
                expect,
                incremental,
                method,
                runBody,
                graphql,
                null);
    }

    /** Whether an incremental source's cursor goes in its body ({@code {cursor}} in a string value of it). */
    public boolean isCursorInBody() {
        return body != null && BodyTemplate.mentions(body, CURSOR_VARIABLE);
    }

    @AssertTrue(message = "body-json must be a JSON object, such as '{\"query\": {\"match_all\": {}}}'")
    public boolean isBodyJsonAnObject() {
        return bodyJson == null || BodyTemplate.parsed(bodyJson) != null;
    }

    @AssertTrue(message = "give the body once: body (a YAML object) or body-json (JSON text), not both")
    public boolean isBodyGivenOnce() {
        return bodyJson == null || body == null || body.equals(BodyTemplate.parsed(bodyJson));
    }

    /**
     * A backfill's upper bound ({@code incremental.end}, and each date window's with {@code step})
     * goes only to {@code end-parameter}, a query parameter: an API queried by its body reads its
     * filters there and would ignore it, so every window would fetch everything after its start.
     */
    @AssertTrue(
            message = "incremental.end (and incremental.step) cannot bound a POST or GraphQL source: the upper bound"
                    + " goes only to incremental.end-parameter, a query parameter such an API does not read; put the"
                    + " bound in the body, or fetch it without end and step")
    public boolean isEndBoundingAGet() {
        return incremental == null
                || method != Method.POST
                || (incremental.end() == null && incremental.step() == null);
    }

    @AssertTrue(message = "body needs method: POST (a GET sends no body)")
    public boolean isBodyPosted() {
        return body == null || method == Method.POST;
    }

    @AssertTrue(message = "method: POST needs a body (or graphql)")
    public boolean isPostWithBody() {
        return method != Method.POST || body != null || bodyJson != null;
    }

    @AssertTrue(message = "body must be at most " + BodyTemplate.MAX_BYTES + " bytes as JSON")
    public boolean isBodyBounded() {
        return body == null || BodyTemplate.bytes(body) <= BodyTemplate.MAX_BYTES;
    }

    @AssertTrue(message = "pagination.body-field needs method: POST and a body: a GET has no body to page in")
    public boolean isBodyPagingPosted() {
        return !pagination.inBody() || (method == Method.POST && body != null);
    }

    @AssertTrue(
            message = "graphql takes the place of method, body, items and pagination: leave them out (graphql.items,"
                    + " graphql.end-cursor, graphql.has-next-page, graphql.max-pages say how it pages)")
    public boolean isGraphqlAlone() {
        return graphql == null
                || (method == Method.POST
                        && graphql.body().equals(body)
                        && graphql.itemPointers().equals(items)
                        && graphql.pagination().equals(pagination));
    }

    @AssertTrue(message = "template pagination needs {page} or {skip} in the url")
    public boolean isTemplateInUrl() {
        return pagination.kind() != Pagination.Kind.TEMPLATE
                || (url != null && (url.contains("{page}") || url.contains("{skip}")));
    }

    /**
     * Whether a query parameter of this name carries a secret, which is kept out of every URL the
     * fetcher records and added only to the requests it sends: its name, ignoring case, contains
     * key, token, secret, password, passwd, pwd, auth, signature, credential or session, or is
     * sig. A name that merely contains one (author, keyword) is treated the same: still sent,
     * only not recorded.
     */
    public static boolean isSecretParameter(String name) {
        return SECRET_PARAMETER.matcher(name).matches();
    }

    /** Without secrets: it may end up in a startup failure's message or a log. */
    @Override
    public String toString() {
        Map<String, String> shownQuery = new TreeMap<>();
        query.forEach((key, value) -> shownQuery.put(key, isSecretParameter(key) ? "***" : value));
        return "SourceDefinition[name=" + name + ", url=" + redacted(url) + ", headers="
                + new TreeMap<>(headers).keySet()
                + ", query=" + shownQuery + ", items=" + items + ", pagination=" + pagination + ", fields=" + fields
                + ", auth=" + auth + ", readTimeout=" + readTimeout + ", expect=" + expect + ", incremental="
                + incremental
                + ", method=" + method + (body == null ? "" : ", body=" + body.keySet())
                + (graphql == null ? "" : ", graphql")
                + "]";
    }

    /** The URL with its user info and the values of its secret parameters as {@code ***}. */
    private static String redacted(String url) {
        if (url == null) {
            return null;
        }
        String withoutUser = URL_USER_INFO.matcher(url).replaceFirst("***@");
        return URL_PARAMETER
                .matcher(withoutUser)
                .replaceAll(parameter -> Matcher.quoteReplacement(
                        isSecretParameter(parameter.group(2))
                                ? parameter.group(1) + parameter.group(2) + "=***"
                                : parameter.group()));
    }
}
