package dev.pipeline.fetcher.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.PipelineJson;
import dev.pipeline.common.ProductRecord;
import dev.pipeline.common.RunEvent;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole item travels (issue #18): the stand-in's generated products, fetched through a real
 * broker, arrive on {@code pipeline.products} with the item as the API sent it, shaped by
 * {@code include}/{@code exclude}, with the configured {@code attributes} beside the mapped fields,
 * and an item over its source's cap is an {@code invalid_item} error naming the cap and its size;
 * a source with {@code item.keep: false} publishes its mapped fields without the item. Every record read is checked against the published schema ({@link RunRecords}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class WholeItemsIntegrationTests {

    private static final StandInUpstream UPSTREAM = StandInUpstream.start(0, Settings.defaults());
    private static final int CAP = 450;
    private static final Pattern OVER_CAP = Pattern.compile(
            "item (\\d+): item of (\\d+) bytes is over the source's item size cap \\(fields.item.max-size\\) of " + CAP
                    + " bytes");

    /** The stand-in's products as it serves them, by id. */
    private static final Map<String, ObjectNode> SERVED = new HashMap<>();

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        String[] names = {"whole", "shaped", "slim", "capped", "bare"};
        for (int i = 0; i < names.length; i++) {
            String prefix = "pipeline.sources[" + i + "].";
            String name = names[i];
            registry.add(prefix + "name", () -> name);
            registry.add(prefix + "url", () -> UPSTREAM.baseUrl() + "/dummyjson/products");
            registry.add(prefix + "items", () -> "/products");
            registry.add(prefix + "pagination.kind", () -> "offset-limit");
            registry.add(prefix + "pagination.offset-param", () -> "skip");
            registry.add(prefix + "pagination.size-param", () -> "limit");
            registry.add(prefix + "pagination.page-size", () -> "50");
            registry.add(prefix + "pagination.total", () -> "/total");
        }
        registry.add("pipeline.sources[1].fields.attributes.brand", () -> "/brand");
        registry.add("pipeline.sources[1].fields.attributes.stock", () -> "/stock");
        registry.add("pipeline.sources[1].fields.attributes.width", () -> "/dimensions/width");
        registry.add("pipeline.sources[1].fields.attributes.dimensions", () -> "/dimensions");
        registry.add("pipeline.sources[1].fields.item.exclude", () -> "description,tags");
        registry.add("pipeline.sources[2].fields.item.include", () -> "id,title,dimensions");
        registry.add("pipeline.sources[3].fields.item.max-size", () -> CAP + "B");
        registry.add("pipeline.sources[4].fields.item.keep", () -> "false");
        registry.add("pipeline.sources[4].fields.attributes.brand", () -> "/brand");
    }

    @BeforeAll
    static void readWhatTheStandInServes() throws Exception {
        HttpResponse<String> all = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(UPSTREAM.baseUrl() + "/dummyjson/products?limit=0"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (JsonNode product : PipelineJson.mapper().readTree(all.body()).get("products")) {
            SERVED.put(product.get("id").asString(), (ObjectNode) product);
        }
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void eachRecordCarriesTheItemAsTheApiSentIt() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "whole");

        assertThat(run.products()).hasSize(SERVED.size());
        assertThat(run.errors()).isEmpty();
        assertThat(run.products()).allSatisfy(product -> {
            assertThat(product.item().tree()).isEqualTo(SERVED.get(product.externalId()));
            assertThat(product.attributes()).isEmpty();
        });
    }

    @Test
    void attributesAreMappedBesideTheFieldsAndExcludeCutsTopLevelFields() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "shaped");

        assertThat(run.products()).hasSize(SERVED.size());
        assertThat(run.products()).allSatisfy(product -> {
            ObjectNode served = SERVED.get(product.externalId());
            ObjectNode expected = served.deepCopy();
            expected.remove(List.of("description", "tags"));
            assertThat(product.item().tree()).isEqualTo(expected);
            assertThat(product.attributes())
                    .containsEntry("stock", served.get("stock").asString())
                    .containsEntry("width", served.at("/dimensions/width").asString())
                    .containsEntry("dimensions", PipelineJson.mapper().writeValueAsString(served.get("dimensions")));
            if (served.has("brand")) {
                assertThat(product.attributes())
                        .containsEntry("brand", served.get("brand").asString());
            } else {
                assertThat(product.attributes()).doesNotContainKey("brand"); // every 25th is unbranded
            }
        });
        assertThat(run.products()).anySatisfy(p -> assertThat(p.attributes()).doesNotContainKey("brand"));
        // The mapped fields are what they are without attributes or shaping.
        assertThat(run.products())
                .allSatisfy(product -> assertThat(product.title())
                        .isEqualTo(SERVED.get(product.externalId()).get("title").asString()));
    }

    @Test
    void includeKeepsOnlyTheNamedFields() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "slim");

        assertThat(run.products()).hasSize(SERVED.size());
        assertThat(run.products())
                .allSatisfy(product ->
                        assertThat(product.item().tree().propertyNames()).containsExactly("id", "title", "dimensions"));
    }

    @Test
    void anItemOverTheCapIsAnInvalidItemNamingCapAndSizeAndNoRecord() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "capped");

        List<RunEvent.FetchFailed> errors = run.errors();
        assertThat(errors).isNotEmpty();
        assertThat(run.products()).isNotEmpty();
        assertThat(run.products().size() + errors.size())
                .as("every item is a product or an error")
                .isEqualTo(SERVED.size());
        assertThat(run.stats("capped").invalidItems()).isEqualTo(errors.size());
        for (RunEvent.FetchFailed error : errors) {
            assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_ITEM.wireName());
            Matcher message = OVER_CAP.matcher(error.error());
            assertThat(message.matches()).as(error.error()).isTrue();
            ObjectNode served = SERVED.get(message.group(1));
            assertThat(Integer.parseInt(message.group(2)))
                    .isGreaterThan(CAP)
                    .isEqualTo(PipelineJson.mapper().writeValueAsBytes(served).length);
        }
        assertThat(run.products())
                .extracting(ProductRecord::item)
                .allSatisfy(item -> assertThat(item.size()).isLessThanOrEqualTo(CAP));
    }

    @Test
    void aSourceThatKeepsNoItemPublishesItsMappedFieldsOnly() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "bare");

        assertThat(run.products()).hasSize(SERVED.size());
        assertThat(run.errors()).isEmpty();
        assertThat(run.products()).allSatisfy(product -> {
            ObjectNode served = SERVED.get(product.externalId());
            assertThat(product.item()).isNull();
            assertThat(product.title()).isEqualTo(served.get("title").asString());
            if (served.has("brand")) {
                assertThat(product.attributes())
                        .containsEntry("brand", served.get("brand").asString());
            }
        });
    }
}
