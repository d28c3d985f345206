package dev.pipeline.fetcher.source;

import java.util.List;
import java.util.Map;

/**
 * A {@link SourceDefinition} for a test, built by naming only what the test is about; the rest is
 * left out, as a source in YAML leaves it out, and the record's constructor fills in its defaults.
 */
public final class Sources {

    private final String name;
    private final String url;
    private Map<String, String> headers;
    private Map<String, String> query;
    private List<String> items;
    private boolean itemsRequired = true;
    private Pagination pagination;
    private Auth auth;
    private Expectations expect;
    private Incremental incremental;
    private SourceDefinition.Method method;
    private Map<String, Object> body;
    private GraphQl graphql;

    private Sources(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** The source {@code name} at {@code url}: a root array of items, one page, GET. */
    public static Sources named(String name, String url) {
        return new Sources(name, url);
    }

    public Sources headers(Map<String, String> headers) {
        this.headers = headers;
        return this;
    }

    public Sources query(Map<String, String> query) {
        this.query = query;
        return this;
    }

    public Sources items(String... pointers) {
        this.items = List.of(pointers);
        return this;
    }

    public Sources itemsRequired(boolean required) {
        this.itemsRequired = required;
        return this;
    }

    public Sources pagination(Pagination pagination) {
        this.pagination = pagination;
        return this;
    }

    public Sources auth(Auth auth) {
        this.auth = auth;
        return this;
    }

    public Sources expect(Expectations expect) {
        this.expect = expect;
        return this;
    }

    public Sources incremental(Incremental incremental) {
        this.incremental = incremental;
        return this;
    }

    /** Pages requested by POST with this body. */
    public Sources post(Map<String, Object> body) {
        this.method = SourceDefinition.Method.POST;
        this.body = body;
        return this;
    }

    public Sources graphql(GraphQl graphql) {
        this.graphql = graphql;
        return this;
    }

    public SourceDefinition build() {
        return new SourceDefinition(
                name,
                url,
                headers,
                query,
                items,
                itemsRequired,
                pagination,
                null,
                auth,
                null,
                expect,
                incremental,
                method,
                body,
                graphql,
                null);
    }
}
