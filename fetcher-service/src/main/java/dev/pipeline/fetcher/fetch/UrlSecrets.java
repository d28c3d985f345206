package dev.pipeline.fetcher.fetch;

import dev.pipeline.fetcher.source.Auth;
import dev.pipeline.fetcher.source.Pagination;
import dev.pipeline.fetcher.source.SourceDefinition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The secrets a source sends in its URLs — the auth's query parameter, the parameters
 * {@link SourceDefinition#isSecretParameter} names as secrets (in {@code query:} or in the URL's own
 * query string), the URL's user info — and the rule that keeps them out of every URL the fetcher
 * records: the planner makes URLs without them ({@link #recordedUrl()}, {@link #strip}), and only
 * the request adds them back ({@link #addTo}, {@link #basicAuthorization()}).
 */
public final class UrlSecrets {

    /** Shorter values are not looked for in messages: replacing them would garble every message. */
    private static final int MIN_REDACTED_LENGTH = 4;

    private final Set<String> names;
    private final MultiValueMap<String, String> parameters;
    private final String recordedUrl;
    private final String basicAuthorization;
    private final List<String> redactable;

    private UrlSecrets(
            Set<String> names,
            MultiValueMap<String, String> parameters,
            String recordedUrl,
            String basicAuthorization,
            List<String> redactable) {
        this.names = names;
        this.parameters = parameters;
        this.recordedUrl = recordedUrl;
        this.basicAuthorization = basicAuthorization;
        this.redactable = redactable;
    }

    public static UrlSecrets of(SourceDefinition source) {
        Set<String> paging = pagingParameters(source.pagination());
        UriComponentsBuilder url = UriComponentsBuilder.fromUriString(source.url());
        UriComponents parts = url.build();
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        parts.getQueryParams().forEach((name, encoded) -> {
            if (isSecret(name, paging)) {
                parameters.put(name, encoded);
            }
        });
        new TreeMap<>(source.query()).forEach((name, value) -> {
            if (isSecret(name, paging)) {
                parameters.put(name, List.of(PagePlanner.encode(value)));
            }
        });
        Auth auth = source.auth();
        if (auth.secretQueryParameter() != null) {
            parameters.put(auth.secretQueryParameter(), List.of(PagePlanner.encode(auth.value())));
        }
        Set<String> names = parameters.keySet().stream().map(UrlSecrets::lower).collect(Collectors.toUnmodifiableSet());
        String userInfo = parts.getUserInfo();
        String recordedUrl = names.isEmpty() && userInfo == null
                ? source.url()
                : stripped(url, names).build().toUriString();
        return new UrlSecrets(
                names,
                parameters,
                recordedUrl,
                basicAuthorization(source, userInfo),
                redactable(source, parameters, userInfo));
    }

    /** The source's URL as the fetcher records it: without user info and secret parameters. */
    String recordedUrl() {
        return recordedUrl;
    }

    /** Whether a parameter of this name is one of the source's secrets (so the planner leaves it out). */
    boolean isSecret(String name) {
        return names.contains(lower(name));
    }

    /**
     * {@code uri} without user info and the source's secret parameters, as a link a page gave
     * may echo them back. Other parameters are kept: the link needs them.
     *
     * @throws IllegalArgumentException when {@code uri} is not a well-encoded URL
     */
    URI strip(URI uri) {
        if (uri.getRawUserInfo() == null && (names.isEmpty() || uri.getRawQuery() == null)) {
            return uri;
        }
        return stripped(UriComponentsBuilder.fromUri(uri), names).build(true).toUri();
    }

    /** The URI to send: the recorded {@code uri} with the source's secret parameters. */
    URI addTo(URI uri) {
        if (parameters.isEmpty()) {
            return uri;
        }
        UriComponentsBuilder target = UriComponentsBuilder.fromUri(uri);
        parameters.forEach(target::replaceQueryParam);
        return target.build(true).toUri();
    }

    /** The {@code Authorization} header for the URL's user info, when the source has no other auth. */
    Optional<String> basicAuthorization() {
        return Optional.ofNullable(basicAuthorization);
    }

    /** {@code text} with every secret of the source in it as {@code ***}: for messages that quote what failed. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : redactable) {
            redacted = redacted.replace(secret, "***");
        }
        return redacted;
    }

    private static boolean isSecret(String name, Set<String> paging) {
        return SourceDefinition.isSecretParameter(name) && !paging.contains(lower(name));
    }

    /** User info as Basic auth, when the source has no other (that would be two Authorization headers). */
    private static String basicAuthorization(SourceDefinition source, String userInfo) {
        boolean otherAuth = source.auth().kind() != Auth.Kind.NONE
                || source.headers().keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        return userInfo == null || otherAuth
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(decode(userInfo).getBytes(StandardCharsets.UTF_8));
    }

    /** Every secret as configured and as sent, longest first, so that none is left half-replaced. */
    private static List<String> redactable(
            SourceDefinition source, MultiValueMap<String, String> parameters, String userInfo) {
        List<String> values = new ArrayList<>();
        parameters.values().stream()
                .flatMap(List::stream)
                .filter(Objects::nonNull)
                .forEach(value -> values.addAll(List.of(value, decode(value))));
        values.addAll(source.auth().secrets());
        source.headers().forEach((name, value) -> {
            if (SourceDefinition.isSecretParameter(name)) {
                values.add(value);
            }
        });
        if (userInfo != null) {
            String password = userInfo.substring(userInfo.indexOf(':') + 1);
            values.addAll(List.of(userInfo, decode(userInfo), password, decode(password)));
        }
        return values.stream()
                .filter(value -> value.length() >= MIN_REDACTED_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    private static UriComponentsBuilder stripped(UriComponentsBuilder uri, Set<String> names) {
        uri.userInfo(null);
        for (String name : List.copyOf(uri.build().getQueryParams().keySet())) {
            if (names.contains(lower(name))) {
                uri.replaceQueryParam(name);
            }
        }
        return uri;
    }

    private static Set<String> pagingParameters(Pagination pagination) {
        Set<String> paging = new HashSet<>();
        for (String name : new String[] {
            pagination.pageParam(), pagination.offsetParam(), pagination.sizeParam(), pagination.cursorParam()
        }) {
            if (name != null) {
                paging.add(lower(name));
            }
        }
        return paging;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String decode(String encoded) {
        try {
            return UriUtils.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }
}
