package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceDefinitionTests {

    @Test
    void namesThatLookLikeCredentialsAreSecretParameters() {
        assertThat(List.of(
                        "key",
                        "apikey",
                        "api_key",
                        "API-Key",
                        "x-api-key",
                        "token",
                        "access_token",
                        "pageToken",
                        "secret",
                        "client_secret",
                        "password",
                        "passwd",
                        "pwd",
                        "auth",
                        "oauth_token",
                        "signature",
                        "X-Amz-Signature",
                        "sig",
                        "credential",
                        "credentials",
                        "session",
                        "sessionId"))
                .allMatch(SourceDefinition::isSecretParameter);
        assertThat(List.of("page", "limit", "skip", "sort", "q", "select", "signed", "design", "cursor", "_page"))
                .noneMatch(SourceDefinition::isSecretParameter);
    }

    @Test
    void printsNoSecret() {
        SourceDefinition source = Sources.named("shop", "https://reader:pw1@h/items?token=t1&sort=id")
                .headers(Map.of("Authorization", "Bearer b1"))
                .query(Map.of("api_key", "k1", "q", "lamp"))
                .items("/items")
                .auth(new Auth(Auth.Kind.BEARER, null, null, "b2", null))
                .build();

        assertThat(source.toString())
                .contains(
                        "url=https://***@h/items?token=***&sort=id",
                        "headers=[Authorization]",
                        "query={api_key=***, q=lamp}")
                .doesNotContain("pw1", "t1", "b1", "k1", "b2");
    }
}
