package dev.pipeline.fetcher.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One value an upstream sends that the fetcher cannot use — a number beyond any range, a link
 * that is no URL — is that item's or that page's error. It never fails the task, whose other
 * items would be lost with it after its retries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
class UpstreamValuesIntegrationTests {

    private static final WireMockServer API =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final String ITEM = "{\"id\":%d,\"title\":\"Item %d\",\"price\":%d.5}";
    /** 10^400: a JSON integer no double holds. */
    private static final String BEYOND_DOUBLE = "1" + "0".repeat(400);

    static {
        API.start();
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        String[][] sources = {
            {"pricey", "none"},
            {"countless", "page-number"},
            {"lost", "cursor"},
            {"unlinked", "link-header"}
        };
        for (int i = 0; i < sources.length; i++) {
            String prefix = "pipeline.sources[" + i + "].";
            String[] source = sources[i];
            registry.add(prefix + "name", () -> source[0]);
            registry.add(prefix + "url", () -> "http://127.0.0.1:" + API.port() + "/" + source[0]);
            registry.add(prefix + "items", () -> "/items");
            registry.add(prefix + "pagination.kind", () -> source[1]);
        }
        registry.add("pipeline.sources[1].pagination.total-pages", () -> "/total_pages");
        registry.add("pipeline.sources[2].pagination.cursor", () -> "/next");
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    private static String item(int id) {
        return ITEM.formatted(id, id, id);
    }

    @Test
    void aPriceBeyondAnyNumberIsThatItemsErrorAndTheRestOfThePageIsKept() throws Exception {
        API.stubFor(get(urlPathEqualTo("/pricey"))
                .willReturn(okJson("{\"items\":[" + item(1) + "," + item(2)
                        + ",{\"id\":3,\"title\":\"Priceless\",\"price\":" + BEYOND_DOUBLE + "}]}")));

        RunRecords run = RunRecords.run(port, broker, "pricey");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "2");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("invalid_item");
            assertThat(error.error()).isEqualTo("item 3: price is out of range");
        });
        assertTheTasksEndedWell(run);
    }

    @Test
    void aTotalBeyondCountingIsUnknownSoThePagesAreWalkedOneByOne() throws Exception {
        String total = "\"total_pages\":1" + "0".repeat(30) + ",";
        API.stubFor(get(urlPathEqualTo("/countless"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{" + total + "\"items\":[" + item(1) + "]}")));
        API.stubFor(get(urlPathEqualTo("/countless"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("{" + total + "\"items\":[" + item(2) + "]}")));
        API.stubFor(get(urlPathEqualTo("/countless"))
                .withQueryParam("page", equalTo("3"))
                .willReturn(okJson("{" + total + "\"items\":[]}")));

        RunRecords run = RunRecords.run(port, broker, "countless");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "2");
        assertThat(run.errors()).isEmpty();
        assertThat(run.stats("countless").requests()).isEqualTo(3);
        assertTheTasksEndedWell(run);
    }

    @Test
    void aNextCursorThatIsNoUrlIsThePagesErrorAndItsItemsAreKept() throws Exception {
        API.stubFor(get(urlPathEqualTo("/lost"))
                .withQueryParam("cursor", absent())
                .willReturn(okJson("{\"next\":\"http://exa mple/%zz\",\"items\":[" + item(1) + "," + item(2) + "]}")));

        RunRecords run = RunRecords.run(port, broker, "lost");

        assertThat(run.ids()).containsExactlyInAnyOrder("1", "2");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("malformed_page");
            assertThat(error.error()).isEqualTo("next cursor is not a valid URI");
            assertThat(error.endpoint()).isEqualTo("http://127.0.0.1:" + API.port() + "/lost");
        });
        assertTheTasksEndedWell(run);
    }

    @Test
    void aNextLinkHeaderThatIsNoUrlIsThePagesErrorAndItsItemsAreKept() throws Exception {
        API.stubFor(get(urlPathEqualTo("/unlinked"))
                .willReturn(okJson("{\"items\":[" + item(1) + "]}").withHeader("Link", "<::::>; rel=\"next\"")));

        RunRecords run = RunRecords.run(port, broker, "unlinked");

        assertThat(run.ids()).containsExactly("1");
        assertThat(run.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("malformed_page");
            assertThat(error.error()).isEqualTo("next link is not a valid URI");
        });
        assertTheTasksEndedWell(run);
    }

    /** No task failed: none was dead-lettered, and none ended its run as a {@code task_failed} error. */
    private void assertTheTasksEndedWell(RunRecords run) {
        String runId = run.events().getFirst().runId();
        assertThat(run.events())
                .filteredOn(RunEvent.TaskDone.class::isInstance)
                .isNotEmpty()
                .allSatisfy(
                        done -> assertThat(((RunEvent.TaskDone) done).failure()).isNull());
        assertThat(RunRecords.readAll(broker, Topics.FETCH_TASKS_DLT))
                .noneSatisfy(record -> assertThat(record.key()).startsWith(runId + "/"));
    }
}
