package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.Sources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsTests {

    private static SourceDefinition source(String url, Map<String, String> headers, Auth auth) {
        return Sources.named("s", url)
                .headers(headers)
                .query(Map.of("api_key", "k 1", "sort", "id"))
                .items("/items")
                .pagination(Pagination.of(Pagination.Kind.PAGE_NUMBER))
                .auth(auth)
                .build();
    }

    private static HttpRequest request(SourceDefinition source) {
        return Requests.of(source, UrlSecrets.of(source), PagePlanner.of(source).first(), Duration.ofSeconds(1));
    }

    @Test
    void addsTheSecretsThePlannerLeftOutOfThePagesUri() {
        SourceDefinition source = source(
                "http://h:1/items?token=t1&x=1",
                Map.of(),
                new Auth(Auth.Kind.API_KEY, "key", Auth.In.QUERY, "k+2", null));
        assertThat(PagePlanner.of(source).first()).hasToString("http://h:1/items?x=1&sort=id&page=1");

        assertThat(request(source).uri())
                .isEqualTo(URI.create("http://h:1/items?x=1&sort=id&page=1&token=t1&api_key=k%201&key=k%2B2"));
    }

    @Test
    void sendsUserInfoAsBasicAuth() {
        HttpRequest request = request(source("http://reader:pa%3Ass@h:1/items", Map.of(), null));

        assertThat(request.uri().getRawUserInfo()).isNull();
        assertThat(request.headers().allValues("Authorization"))
                .containsExactly(
                        "Basic " + Base64.getEncoder().encodeToString("reader:pa:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sendsUserInfoOnlyWhenTheSourceHasNoOtherAuth() {
        HttpRequest bearer = request(
                source("http://reader:pw@h:1/items", Map.of(), new Auth(Auth.Kind.BEARER, null, null, "t0ken", null)));
        assertThat(bearer.headers().allValues("Authorization")).containsExactly("Bearer t0ken");

        HttpRequest ownHeader =
                request(source("http://reader:pw@h:1/items", Map.of("authorization", "Token abc"), null));
        assertThat(ownHeader.headers().allValues("Authorization")).containsExactly("Token abc");
    }
}
