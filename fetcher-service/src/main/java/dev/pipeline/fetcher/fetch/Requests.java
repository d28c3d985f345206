package dev.pipeline.fetcher.fetch;

import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.SourceDefinition;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Builds a page's HTTP request: the source's headers and its credentials, added only here. */
final class Requests {

    private Requests() {
    }

    static HttpRequest of(SourceDefinition source, URI uri, Duration timeout) {
        Auth auth = source.auth();
        URI target = auth.secretQueryParameter() == null ? uri : UriComponentsBuilder.fromUri(uri)
                .replaceQueryParam(auth.name(), PagePlanner.encode(auth.value()))
                .build(true).toUri();
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout).GET()
                .header("Accept", "application/json");
        source.headers().forEach(request::header);
        switch (auth.kind()) {
            case BEARER -> request.header("Authorization", "Bearer " + auth.value());
            case BASIC -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + auth.value()).getBytes(StandardCharsets.UTF_8)));
            case API_KEY -> {
                if (auth.in() == Auth.In.HEADER) {
                    request.header(auth.name(), auth.value());
                }
            }
            case NONE -> {
            }
        }
        return request.build();
    }
}
