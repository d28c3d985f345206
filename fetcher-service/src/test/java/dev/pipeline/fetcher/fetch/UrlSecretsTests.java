package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.Sources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlSecretsTests {

    @Test
    void leavesValuesTooShortToBeSecretsInPlace() {
        UrlSecrets secrets =
                UrlSecrets.of(Sources.named("s", "http://h:1/items?token=404").build());

        assertThat(secrets.redact("HTTP 404")).isEqualTo("HTTP 404");
    }

    @Test
    void redactsEverySecretOfTheSourceAsWrittenAndAsSent() {
        UrlSecrets secrets = UrlSecrets.of(Sources.named("s", "http://reader:p%40ss@h:1/items?token=t%2Bone")
                .headers(Map.of("X-Api-Key", "h-key", "Accept", "json"))
                .query(Map.of("client_secret", "c two"))
                .auth(new Auth(Auth.Kind.BEARER, null, null, "b-token", null))
                .build());

        assertThat(secrets.redact("t%2Bone t+one c two c%20two p@ss p%40ss reader:p@ss b-token h-key json HTTP 404"))
                .isEqualTo("*** *** *** *** *** *** *** *** *** json HTTP 404");
    }
}
