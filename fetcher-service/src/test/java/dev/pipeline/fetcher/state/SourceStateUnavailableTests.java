package dev.pipeline.fetcher.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pipeline.fetcher.source.SourcesProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The state API when Kafka is out of reach (a real client against a port nothing listens on): the
 * state cannot be read or written, which is the broker's outage and not the request's fault, so
 * both answer 503 problem+json rather than a 500 or a hang.
 */
class SourceStateUnavailableTests {

    private DefaultKafkaProducerFactory<String, Object> producers;
    private MockMvc api;

    @BeforeEach
    void apiAgainstAnAbsentBroker() throws IOException {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("127.0.0.1:" + nobody));
        producers = new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + nobody,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        1000),
                new StringSerializer(),
                new JacksonJsonSerializer<>());
        producers.setTransactionIdPrefix("state-test-");
        SourceStates states = new SourceStates(kafka, new KafkaTemplate<>(producers), Duration.ofSeconds(1));
        api = MockMvcBuilders.standaloneSetup(new SourceStateController(incrementalSource(), states))
                .build();
    }

    @AfterEach
    void closeProducers() {
        producers.destroy();
    }

    @Test
    void readingTheStateWhileKafkaIsDownIsA503() throws Exception {
        api.perform(get("/api/sources/shop/state"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Kafka unavailable"));
    }

    @Test
    void settingTheStateWhileKafkaIsDownIsA503() throws Exception {
        api.perform(post("/api/sources/shop/state")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cursor\": \"2026-02-01T00:00:00Z\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aBadCursorIsStillTheRequestsFaultAndNeedsNoKafka() throws Exception {
        api.perform(post("/api/sources/shop/state")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"cursor\": \"yesterday\"}"))
                .andExpect(
                        status().isBadRequest()); // its problem body: IncrementalIntegrationTests, on the whole service
    }

    /** Bound as the service binds its configuration, so the test does not depend on the record's shape. */
    private static SourcesProperties incrementalSource() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("pipeline.sources[0].name", "shop")
                .withProperty("pipeline.sources[0].url", "http://api.test/items")
                .withProperty("pipeline.sources[0].incremental.cursor-field", "/updatedAt")
                .withProperty("pipeline.sources[0].incremental.parameter", "updated_after")
                .withProperty("pipeline.sources[0].incremental.start", "2026-01-01T00:00:00Z");
        SourcesProperties sources = Binder.get(environment)
                .bind("pipeline", SourcesProperties.class)
                .get();
        assertThat(sources.find("shop"))
                .hasValueSatisfying(source -> assertThat(source.isIncremental()).isTrue());
        return sources;
    }
}
