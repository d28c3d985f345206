package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pipeline.fetcher.FetcherApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * OAuth2 client credentials and {@code file:} secrets as configured: a wrong or incomplete
 * configuration stops the startup naming the source and the field; a {@code file:} secret is the
 * file's content, and one that cannot be read stops the startup naming the field and the path.
 */
class AuthConfigurationTests {

    private static final String OAUTH = "pipeline.sources[0].auth.";

    /** The startup's failure analysis, as the service would print it. */
    private static String failureOf(String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new);
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(FetcherApplication.class)
                .properties("spring.kafka.bootstrap-servers=127.0.0.1:1", "server.port=0", "logging.level.root=OFF")
                .run(args)
                .close());
        assertThat(failure).as("the startup fails").isNotNull();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindValidationException invalid) {
                FailureAnalysis analysis = new SourceConfigFailureAnalyzer().analyze(failure, invalid);
                return analysis.getDescription();
            }
        }
        throw new AssertionError("no BindValidationException in " + failure);
    }

    private static String[] oauthSource(String... auth) {
        List<String> properties = new java.util.ArrayList<>(List.of(
                "pipeline.sources[0].name=shop",
                "pipeline.sources[0].url=http://h/x",
                OAUTH + "kind=oauth2-client-credentials"));
        properties.addAll(List.of(auth));
        return properties.toArray(String[]::new);
    }

    @Test
    void aMissingTokenUrlIsNamed() {
        assertThat(failureOf(oauthSource(OAUTH + "client-id=c", OAUTH + "client-secret=s")))
                .contains("source 'shop' (pipeline.sources[0]) auth.")
                .contains("oauth2-client-credentials auth needs a token-url: an absolute http(s) URL");
    }

    @Test
    void aMissingClientSecretIsNamed() {
        assertThat(failureOf(oauthSource(OAUTH + "token-url=http://h/token", OAUTH + "client-id=c")))
                .contains("source 'shop' (pipeline.sources[0]) auth.")
                .contains("oauth2-client-credentials auth needs a client-id and a client-secret");
    }

    @Test
    void clientCredentialsWithoutTheirKindAreNamedRatherThanMeaningNoAuth() {
        assertThat(failureOf(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        OAUTH + "token-url=http://h/token",
                        OAUTH + "client-id=c",
                        OAUTH + "client-secret=s"))
                .contains("source 'shop' (pipeline.sources[0]) auth.")
                .contains("are for kind: oauth2-client-credentials only");
    }

    @Test
    void aSecretFileThatIsMissingStopsTheStartupNamingTheFieldAndThePath(@TempDir Path dir) {
        Path missing = dir.resolve("client-secret");

        String failure = failureOf(oauthSource(
                OAUTH + "token-url=http://h/token", OAUTH + "client-id=c", OAUTH + "client-secret=file:" + missing));

        assertThat(failure)
                .contains("source 'shop' (pipeline.sources[0]) auth.")
                .contains("client-secret: no such file " + missing);
    }

    @Test
    void aSecretFileThatIsADirectoryIsNamedToo(@TempDir Path dir) {
        String failure = failureOf(
                "pipeline.sources[0].name=shop",
                "pipeline.sources[0].url=http://h/x",
                OAUTH + "kind=bearer",
                OAUTH + "value=file:" + dir);

        assertThat(failure).contains("value: the file " + dir + " cannot be read");
    }

    @Test
    void aSecretFileIsReadWithoutItsTrailingLineBreak(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t-from-a-file\n");
        Path id = Files.writeString(dir.resolve("id"), "client-from-a-file\r\n");

        Auth auth = Auth.clientCredentials("http://h/token", "file:" + id, "file:" + secret, List.of(), null);

        assertThat(auth.clientSecret()).isEqualTo("s3cr3t-from-a-file");
        assertThat(auth.clientId()).isEqualTo("client-from-a-file");
        assertThat(auth.getSecretFile()).isNull();
        assertThat(auth.toString()).doesNotContain("s3cr3t-from-a-file").contains("clientSecret=***");
    }

    @Test
    void aSourceWithClientCredentialsFromAFileAndTheEnvironmentBinds(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t-from-a-file\n");
        new ApplicationContextRunner()
                .withUserConfiguration(Bound.class)
                .withPropertyValues(
                        "CLIENT_ID=from-the-environment",
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        OAUTH + "kind=oauth2-client-credentials",
                        OAUTH + "token-url=http://h/token",
                        OAUTH + "client-id=${CLIENT_ID}",
                        OAUTH + "client-secret=file:" + secret,
                        OAUTH + "scopes=read,write",
                        OAUTH + "client-authentication=body")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Auth auth = context.getBean(SourcesProperties.class)
                            .sources()
                            .getFirst()
                            .auth();
                    assertThat(auth.kind()).isEqualTo(Auth.Kind.OAUTH2_CLIENT_CREDENTIALS);
                    assertThat(auth.clientId()).isEqualTo("from-the-environment");
                    assertThat(auth.clientSecret()).isEqualTo("s3cr3t-from-a-file");
                    assertThat(auth.scopes()).containsExactly("read", "write");
                    assertThat(auth.clientAuthentication()).isEqualTo(Auth.ClientAuthentication.BODY);
                });
    }

    @org.springframework.boot.context.properties.EnableConfigurationProperties(SourcesProperties.class)
    static class Bound {}
}
