package dev.pipeline.fetcher.fetch;

import dev.pipeline.fetcher.source.BodyTemplate;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A page of a source that pages in its request body: its address is the source's URL with the
 * body fields that page sets in the fragment, {@code #/offset=40&/limit=20} or
 * {@code #/variables/after=Y3Vyc29y}, pointers and values percent-encoded. The fragment is never
 * sent; it is what a task carries over Kafka and what products and errors name as their endpoint,
 * so a page is told apart from its neighbours there too. {@link #body} makes the page's JSON body
 * from it and the source's template: the offset, page number and page size as numbers, a cursor as
 * a string.
 */
final class BodyPage {

    private BodyPage() {}

    /** {@code uri} with {@code value} at the pagination's body field, and the page size when it has a field for it. */
    static URI address(URI uri, Pagination pagination, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (value != null) {
            fields.put(pagination.bodyField(), value);
        }
        if (pagination.bodySizeField() != null && pagination.pageSize() > 0) {
            fields.put(pagination.bodySizeField(), Integer.toString(pagination.pageSize()));
        }
        return withFragment(uri, fields);
    }

    /** An offset-limit page: its offset, and the size asked for (a server may cap it below the page size). */
    static URI address(URI uri, Pagination pagination, long offset, int pageSize) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(pagination.bodyField(), Long.toString(offset));
        if (pagination.bodySizeField() != null) {
            fields.put(pagination.bodySizeField(), Integer.toString(pageSize));
        }
        return withFragment(uri, fields);
    }

    private static URI withFragment(URI uri, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return uri;
        }
        StringBuilder fragment = new StringBuilder();
        fields.forEach((pointer, value) -> fragment.append(fragment.isEmpty() ? "" : "&")
                .append(PagePlanner.encode(pointer).replace("%2F", "/"))
                .append('=')
                .append(PagePlanner.encode(value)));
        return URI.create(uri + "#" + fragment);
    }

    /** The address as sent: without its fragment. */
    static URI requested(URI uri) {
        if (uri.getRawFragment() == null) {
            return uri;
        }
        try {
            return new URI(uri.toString().substring(0, uri.toString().indexOf('#')));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The page's body: the source's template (its cursor already in, for an incremental source)
     * with the fields its address names.
     *
     * @throws FetchException {@code malformed_page} when it would be over {@link BodyTemplate#MAX_BYTES}
     *     (a cursor the API sent that long)
     */
    static byte[] body(SourceDefinition source, URI uri) throws FetchException {
        ObjectNode body = BodyTemplate.json(source.body());
        String fragment = uri.getRawFragment();
        Pagination pagination = source.pagination();
        if (fragment != null && pagination.inBody()) {
            for (String field : fragment.split("&")) {
                int equals = field.indexOf('=');
                if (equals <= 0) {
                    continue;
                }
                String pointer = URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
                boolean text = pagination.kind() == Pagination.Kind.CURSOR && pointer.equals(pagination.bodyField());
                set(body, pointer, text ? JsonNodeFactory.instance.stringNode(value) : number(value));
            }
        }
        byte[] bytes = dev.pipeline.common.PipelineJson.mapper().writeValueAsBytes(body);
        if (bytes.length > BodyTemplate.MAX_BYTES) {
            throw FetchException.fatal(
                    dev.pipeline.common.ErrorKind.MALFORMED_PAGE,
                    "the request body would be " + bytes.length + " bytes, over the bound of " + BodyTemplate.MAX_BYTES
                            + " (the cursor the previous page sent is that long)",
                    null);
        }
        return bytes;
    }

    private static JsonNode number(String value) {
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.stringNode(value);
        }
    }

    /** Sets {@code value} at the JSON pointer, making the objects on the way that are missing. */
    private static void set(ObjectNode root, String pointer, JsonNode value) {
        String[] steps = pointer.substring(1).split("/", -1);
        ObjectNode at = root;
        for (int i = 0; i < steps.length - 1; i++) {
            String step = unescape(steps[i]);
            JsonNode next = at.get(step);
            if (next instanceof ObjectNode object) {
                at = object;
            } else {
                ObjectNode created = JsonNodeFactory.instance.objectNode();
                at.set(step, created);
                at = created;
            }
        }
        at.set(unescape(steps[steps.length - 1]), value);
    }

    private static String unescape(String step) {
        return step.replace("~1", "/").replace("~0", "~");
    }
}
