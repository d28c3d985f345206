package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request body arrives at the API exactly as written: keys with {@code $}, {@code @} and dots,
 * empty lists, nulls and objects keyed like list indexes, given as JSON text ({@code body-json},
 * {@code graphql.variables-json}, a sources file's body). A YAML body that Spring's binding would
 * change is refused at startup, naming the property.
 */
class ExactBodyTests {

    /** What Elasticsearch and MongoDB queries hold, and what the binder used to change. */
    private static final String BODY = "{\"query\":{\"range\":{\"@timestamp\":{\"$gt\":3}},"
            + "\"term\":{\"user.name\":\"kim\"}},\"search_after\":[],\"sort\":null,\"pit\":{\"0\":\"a\"},"
            + "\"tags\":[\"a\",{\"b\":[1,2.5,true]}],\"empty\":\"\"}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** The environment a fetcher starts with: this YAML as application.yml, its post-processors run. */
    private static StandardEnvironment started(String yaml) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("application.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(environment.getPropertySources()::addLast);
        new dev.pipeline.fetcher.source.SourceFiles().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static SourceDefinition bound(StandardEnvironment environment) {
        return Binder.get(environment)
                .bind("pipeline", SourcesProperties.class)
                .get()
                .sources()
                .getFirst();
    }

    private static String sent(SourceDefinition source) throws Exception {
        return new String(BodyPage.body(source, PagePlanner.of(source).first()), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyGivenAsJsonTextIsSentAsWritten() throws Exception {
        SourceDefinition source = bound(started("""
                pipeline:
                  sources:
                    - name: search
                      url: http://h:1/_search
                      method: POST
                      body-json: '%s'
                """.formatted(BODY)));

        assertThat(source.isBodyJsonAnObject()).isTrue();
        assertThat(source.isBodyGivenOnce()).isTrue();
        assertThat(sent(source)).isEqualTo(BODY);
    }

    @Test
    void graphqlVariablesGivenAsJsonTextAreSentAsWritten() throws Exception {
        SourceDefinition source = bound(started("""
                pipeline:
                  sources:
                    - name: shop
                      url: http://h:1/graphql
                      graphql:
                        query: 'query($filter: JSON) { products(filter: $filter) { id } }'
                        items: /products
                        variables-json: '{"filter": %s}'
                """.formatted(BODY)));

        assertThat(source.graphql().isVariablesJsonAnObject()).isTrue();
        assertThat(source.isGraphqlAlone()).isTrue();
        assertThat(JSON.readTree(sent(source)).get("variables").get("filter")).isEqualTo(JSON.readTree(BODY));
        assertThat(sent(source)).contains(BODY);
    }

    @Test
    void aSourcesFilesBodyAndVariablesAreSentAsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("sources.json"), """
                [{"name": "search", "url": "http://h:1/_search", "method": "POST", "body": %s},
                 {"name": "shop", "url": "http://h:1/graphql",
                  "graphql": {"query": "{ products { id } }", "items": "/products", "variables": %s}}]""".formatted(BODY, BODY));
        StandardEnvironment environment = started("pipeline.sources-file: " + file);
        java.util.List<SourceDefinition> sources = Binder.get(environment)
                .bind("pipeline", SourcesProperties.class)
                .get()
                .sources();

        assertThat(sent(sources.getFirst())).isEqualTo(BODY);
        assertThat(sent(sources.get(1))).isEqualTo("{\"query\":\"{ products { id } }\",\"variables\":" + BODY + "}");
    }

    @Test
    void aYamlBodyKeyTheBindingWouldChangeIsRefusedNamingIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> started("""
                        pipeline:
                          sources:
                            - name: search
                              url: http://h:1/_search
                              method: POST
                              body:
                                query: {range: {"@timestamp": {gte: now-1d}}}
                        """))
                .withMessageStartingWith("pipeline.sources[0].body.query.range.@timestamp.gte:")
                .withMessageContaining("pipeline.sources[0].body-json");
        assertThatIllegalStateException()
                .isThrownBy(() -> started("""
                        pipeline:
                          sources:
                            - name: shop
                              url: http://h:1/graphql
                              graphql: {query: '{ a }', items: /a, variables: {filter: {"$gt": 3}}}
                        """))
                .withMessageStartingWith("pipeline.sources[0].graphql.variables.filter.$gt:")
                .withMessageContaining("pipeline.sources[0].graphql.variables-json");
    }

    @Test
    void aYamlBodyWithAnEmptyListOrANullIsRefusedNamingIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> started("""
                        pipeline:
                          sources:
                            - name: search
                              url: http://h:1/_search
                              method: POST
                              body: {size: 10, search_after: []}
                        """))
                .withMessageStartingWith("pipeline.sources[0].body.search_after:")
                .withMessageContaining("pipeline.sources[0].body-json");
        assertThatIllegalStateException()
                .isThrownBy(() -> started("""
                        pipeline:
                          sources:
                            - name: search
                              url: http://h:1/_search
                              method: POST
                              body: {size: 10, sort: null}
                        """))
                .withMessageStartingWith("pipeline.sources[0].body.sort:");
    }

    @Test
    void aYamlBodyTheBindingKeepsIsSentAsWritten() throws Exception {
        SourceDefinition source = bound(started("""
                pipeline:
                  sources:
                    - name: search
                      url: http://h:1/_search
                      method: POST
                      body:
                        query: {match: {user_name: kim}}
                        size: 10
                        "[$exact]": true
                        tags: [a, b]
                """));

        assertThat(sent(source))
                .isEqualTo("{\"query\":{\"match\":{\"user_name\":\"kim\"}},\"size\":10,\"$exact\":true,"
                        + "\"tags\":[\"a\",\"b\"]}");
    }
}
