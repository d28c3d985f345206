package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class LaunchOptionsTests {

    @Test
    void noArgumentsMeanPort8089AndDefaultSettings() {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.port()).isEqualTo(8089);
        assertThat(options.settings()).isEqualTo(Settings.defaults());
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyFlagIsRead() {
        LaunchOptions options = LaunchOptions.parse(
                "--port",
                "0",
                "--products",
                "1000000",
                "--posts",
                "50",
                "--users",
                "30",
                "--seed",
                "7",
                "--api-key",
                "secret");

        assertThat(options.port()).isZero();
        assertThat(options.settings()).isEqualTo(new Settings(new CatalogSize(1_000_000, 50, 30), 7, "secret"));
    }

    @Test
    void prerendersNothingUnlessAskedForAPageSize() {
        assertThat(LaunchOptions.parse().prerender()).isZero();
        assertThat(LaunchOptions.parse("--prerender", "100").prerender()).isEqualTo(100);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--prerender", "1001"))
                .withMessageContaining("--prerender");
    }

    @Test
    void changingItemsDefaultToFiftyAndNeedAtLeastThree() {
        assertThat(LaunchOptions.parse().settings().size().changingItems()).isEqualTo(50);
        assertThat(LaunchOptions.parse("--changing-items", "200")
                        .settings()
                        .size()
                        .changingItems())
                .isEqualTo(200);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--changing-items", "2"))
                .withMessageContaining("--changing-items");
    }

    @Test
    void oauthFlagsSetTheTokenEndpointsClientAndTokenLifetime() {
        assertThat(LaunchOptions.parse().oauth()).isEqualTo(OAuthSettings.defaults());
        assertThat(LaunchOptions.parse(
                                "--oauth-client-id", "c", "--oauth-client-secret", "s", "--oauth-token-seconds", "5")
                        .oauth())
                .isEqualTo(new OAuthSettings("c", "s", java.time.Duration.ofSeconds(5), true));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--oauth-token-seconds", "0"))
                .withMessageContaining("--oauth-token-seconds");
    }

    @Test
    void helpStopsReading() {
        assertThat(LaunchOptions.parse("--help", "--bogus").help()).isTrue();
    }

    @Test
    void mistakesNameTheFlag() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--bogus", "1"))
                .withMessageContaining("--bogus");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--port", "70000"))
                .withMessageContaining("--port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--products", "-1"))
                .withMessageContaining("--products");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LaunchOptions.parse("--seed"))
                .withMessageContaining("--seed");
    }
}
