package dev.pipeline.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OAuthTokenEndpointTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StandInUpstream upstream;

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void issuesATokenForItsClientByBasicAuthThatTheProtectedProductsAccept() throws Exception {
        upstream = start(OAuthSettings.defaults());

        HttpResponse<String> token =
                token(basic("stand-in-client", "stand-in-secret"), "grant_type=client_credentials");
        JsonNode body = UpstreamClient.JSON.readTree(token.body());

        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(60);
        assertThat(products(body.path("access_token").asString()).statusCode()).isEqualTo(200);
        assertThat(upstream.oauth().issued()).isEqualTo(1);
    }

    @Test
    void acceptsTheClientInTheFormBodyToo() throws Exception {
        upstream = start(OAuthSettings.defaults());

        HttpResponse<String> token =
                token(null, "grant_type=client_credentials&client_id=stand-in-client&client_secret=stand-in-secret");

        assertThat(token.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAnotherClientAndAnotherGrant() throws Exception {
        upstream = start(OAuthSettings.defaults());

        HttpResponse<String> wrongSecret = token(basic("stand-in-client", "guess"), "grant_type=client_credentials");
        HttpResponse<String> wrongGrant = token(basic("stand-in-client", "stand-in-secret"), "grant_type=password");

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("invalid_client");
        assertThat(wrongGrant.statusCode()).isEqualTo(400);
        assertThat(wrongGrant.body()).contains("unsupported_grant_type");
        assertThat(upstream.oauth().issued()).isZero();
    }

    @Test
    void protectedProductsRefuseNoTokenARevokedOneAndAnExpiredOne() throws Exception {
        upstream = start(OAuthSettings.defaults().withTokenLifetime(Duration.ofMillis(300)));
        String revoked = accessToken();
        upstream.oauth().revokeAll();
        String expiring = accessToken();

        assertThat(products(null).statusCode()).isEqualTo(401);
        assertThat(products(revoked).statusCode()).isEqualTo(401);
        assertThat(products(expiring).statusCode()).isEqualTo(200);
        Thread.sleep(400);
        HttpResponse<String> expired = products(expiring);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        assertThat(upstream.oauth().refused()).isEqualTo(3);
    }

    @Test
    void aTokenEndpointDownAnswers503AndTokensWithoutExpiryLeaveItOut() throws Exception {
        upstream = start(OAuthSettings.defaults().withoutExpiry());

        assertThat(UpstreamClient.JSON
                        .readTree(token(basic("stand-in-client", "stand-in-secret"), "grant_type=client_credentials")
                                .body())
                        .has("expires_in"))
                .isFalse();
        upstream.oauth().down(true);
        assertThat(token(basic("stand-in-client", "stand-in-secret"), "grant_type=client_credentials")
                        .statusCode())
                .isEqualTo(503);
        assertThat(upstream.requestCount("/oauth/token")).isEqualTo(2);
    }

    private static StandInUpstream start(OAuthSettings oauth) {
        return StandInUpstream.start(StandInUpstream.HOST, 0, Settings.defaults(), 0, oauth);
    }

    private String accessToken() throws Exception {
        return UpstreamClient.JSON
                .readTree(token(basic("stand-in-client", "stand-in-secret"), "grant_type=client_credentials")
                        .body())
                .path("access_token")
                .asString();
    }

    private HttpResponse<String> token(String authorization, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> products(String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/oauth/products?limit=2"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
