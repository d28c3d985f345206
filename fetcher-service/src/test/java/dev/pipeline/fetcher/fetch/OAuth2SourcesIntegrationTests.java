package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.common.ErrorKind;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.RunRecords;
import dev.pipeline.upstream.OAuthSettings;
import dev.pipeline.upstream.Settings;
import dev.pipeline.upstream.StandInUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Whole runs of sources behind OAuth2 client credentials, on a real broker, against the stand-in
 * upstream's token endpoint: the client secret comes from a {@code file:}; every page of a run
 * gets its products with a handful of tokens, not one per page; a token endpoint that is down makes
 * every page an {@code auth_failed} error of the run rather than a silent gap; and neither the
 * secret nor any token is ever in a record, a header or the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3)
@ExtendWith(OutputCaptureExtension.class)
class OAuth2SourcesIntegrationTests {

    private static final String SECRET = "0auth-s3cr3t";
    /** What the stand-in's tokens look like. */
    private static final Pattern TOKEN = Pattern.compile("sit-[0-9a-f]{48}");

    private static final OAuthSettings OAUTH = new OAuthSettings("pipeline", SECRET, Duration.ofSeconds(60), true);
    private static final StandInUpstream UPSTREAM =
            StandInUpstream.start("127.0.0.1", 0, Settings.defaults(), 0, OAUTH);
    private static final StandInUpstream DOWN = StandInUpstream.start("127.0.0.1", 0, Settings.defaults(), 0, OAUTH);
    private static final Path SECRET_FILE;

    static {
        DOWN.oauth().down(true);
        try {
            SECRET_FILE = Files.createTempFile("client-secret", "");
            Files.writeString(SECRET_FILE, SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        source(registry, 0, "secured", UPSTREAM);
        source(registry, 1, "token-down", DOWN);
        registry.add("resilience4j.retry.instances.token-down.max-attempts", () -> "2");
        registry.add("resilience4j.retry.instances.token-down.wait-duration", () -> "10ms");
        registry.add("pipeline.tasks.retries", () -> "0");
    }

    private static void source(DynamicPropertyRegistry registry, int i, String name, StandInUpstream upstream) {
        String source = "pipeline.sources[" + i + "].";
        registry.add(source + "name", () -> name);
        registry.add(source + "url", () -> upstream.baseUrl() + "/oauth/products");
        registry.add(source + "items", () -> "/products");
        registry.add(source + "pagination.kind", () -> "offset-limit");
        registry.add(source + "pagination.offset-param", () -> "skip");
        registry.add(source + "pagination.size-param", () -> "limit");
        registry.add(source + "pagination.page-size", () -> "10");
        registry.add(source + "pagination.total", () -> "/total");
        registry.add(source + "auth.kind", () -> "oauth2-client-credentials");
        registry.add(source + "auth.token-url", () -> upstream.baseUrl() + "/oauth/token");
        registry.add(source + "auth.client-id", () -> "pipeline");
        registry.add(source + "auth.client-secret", () -> "file:" + SECRET_FILE);
        registry.add(source + "auth.scopes", () -> "products:read");
    }

    @AfterAll
    static void stop() throws IOException {
        UPSTREAM.close();
        DOWN.close();
        Files.deleteIfExists(SECRET_FILE);
    }

    @AfterEach
    void noSecretOrTokenWasRecordedOrLogged(CapturedOutput output) {
        for (String topic : List.of(Topics.PRODUCTS, Topics.RUNS, Topics.FETCH_TASKS, Topics.FETCH_TASKS_DLT)) {
            for (ConsumerRecord<String, String> record : RunRecords.readAll(broker, topic)) {
                String text = record.key() + " " + record.value();
                for (Header header : record.headers()) {
                    text += " " + new String(header.value(), StandardCharsets.UTF_8);
                }
                assertThat(text).as(topic).doesNotContain(SECRET).doesNotContainPattern(TOKEN);
            }
        }
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContainPattern(TOKEN);
    }

    @Test
    void everyPageOfARunIsFetchedWithASharedTokenWhoseSecretCameFromAFile() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "secured");

        assertThat(run.errors()).isEmpty();
        assertThat(run.products()).hasSize(194); // the stand-in's DummyJSON catalogue, 20 pages
        assertThat(UPSTREAM.oauth().refused()).isZero();
        // One token per fetcher, at most one more should a page race the first: never one per page.
        assertThat(UPSTREAM.oauth().issued()).isBetween(1L, 2L);
    }

    @Test
    void aTokenEndpointThatIsDownIsTheRunsAuthFailedErrorNotASilentGap() throws Exception {
        RunRecords run = RunRecords.run(port, broker, "token-down");

        assertThat(run.products()).isEmpty();
        assertThat(run.errors()).isNotEmpty().allSatisfy(error -> {
            assertThat(error.kind()).isEqualTo(ErrorKind.AUTH_FAILED.wireName());
            assertThat(error.error()).startsWith("token endpoint " + DOWN.baseUrl() + "/oauth/token answered HTTP 503");
            assertThat(error.attempts()).isEqualTo(2);
        });
        assertThat(DOWN.requestCount("/oauth/products")).isZero();
    }
}
