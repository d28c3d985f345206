package dev.pipeline.fetcher.quota;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the quota an API announces, in the three styles in use:
 *
 * <ul>
 *   <li>{@code RateLimit: "policy";r=R;t=T} (draft-ietf-httpapi-ratelimit-headers, from -08), with
 *       {@code RateLimit-Policy: "policy";q=L;w=W} for the limit; several policies: the one with
 *       fewest requests left. Its earlier dictionary form {@code RateLimit: limit=L, remaining=R,
 *       reset=T} too.
 *   <li>{@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (the
 *       draft's -01 to -07 separate fields; the reset in seconds from now).
 *   <li>{@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset}
 *       (GitHub, Twitter, many more). Their reset is seconds from now at some APIs and the epoch
 *       second the window ends at others (GitHub): a value of at least {@link #EPOCH_SECONDS_FROM}
 *       (September 2001) is an epoch second, since no API announces a window of 31 years; one of
 *       at least {@link #EPOCH_MILLIS_FROM} is epoch milliseconds.
 * </ul>
 *
 * The first style present wins. A response with none, or without a reset (nothing to pace by),
 * says nothing. A header present but unreadable is {@link Malformed}: the caller counts it and
 * goes on, a page never fails for it.
 */
final class QuotaHeaders {

    static final long EPOCH_SECONDS_FROM = 1_000_000_000L;
    static final long EPOCH_MILLIS_FROM = 1_000_000_000_000L;

    private static final Pattern PARAMETER = Pattern.compile(";\\s*([a-z]+)\\s*=\\s*([^;,\\s]*)");

    private QuotaHeaders() {}

    /** Thrown for a quota header present but unreadable; its message names the header. */
    static final class Malformed extends IllegalArgumentException {
        Malformed(String header, String value) {
            super(header + " is unreadable: '" + value + "'");
        }
    }

    /** The quota {@code headers} announce, seen at {@code now}. */
    static Optional<Quota> read(HttpHeaders headers, Instant now) {
        Optional<String> combined = headers.firstValue("RateLimit");
        if (combined.isPresent()) {
            return combined(combined.get(), headers.firstValue("RateLimit-Policy"), now);
        }
        if (headers.firstValue("RateLimit-Remaining").isPresent()) {
            return separate(headers, "RateLimit-", false, now);
        }
        if (headers.firstValue("X-RateLimit-Remaining").isPresent()) {
            return separate(headers, "X-RateLimit-", true, now);
        }
        return Optional.empty();
    }

    private static Optional<Quota> separate(HttpHeaders headers, String prefix, boolean epochAllowed, Instant now) {
        long remaining = number(
                prefix + "Remaining", headers.firstValue(prefix + "Remaining").orElseThrow());
        long limit = headers.firstValue(prefix + "Limit")
                .map(value -> number(prefix + "Limit", value))
                .orElse(-1L);
        Optional<String> reset = headers.firstValue(prefix + "Reset");
        if (reset.isEmpty()) {
            return Optional.empty();
        }
        long value = number(prefix + "Reset", reset.get());
        Instant resetAt;
        if (epochAllowed && value >= EPOCH_MILLIS_FROM) {
            resetAt = Instant.ofEpochMilli(value);
        } else if (epochAllowed && value >= EPOCH_SECONDS_FROM) {
            resetAt = Instant.ofEpochSecond(value);
        } else {
            resetAt = now.plus(Duration.ofSeconds(value));
        }
        return Optional.of(new Quota(limit, remaining, resetAt, now));
    }

    private static Optional<Quota> combined(String value, Optional<String> policy, Instant now) {
        if (value.contains("remaining=")) {
            return dictionary(value, now);
        }
        Quota fewest = null;
        for (String item : value.split(",")) {
            Long remaining = parameter("RateLimit", item, "r");
            Long reset = parameter("RateLimit", item, "t");
            if (remaining == null) {
                throw new Malformed("RateLimit", value);
            }
            if (reset == null) {
                continue; // the draft lets t be left out; nothing to pace by then
            }
            if (fewest == null || remaining < fewest.remaining()) {
                fewest = new Quota(limit(policy, name(item)), remaining, now.plus(Duration.ofSeconds(reset)), now);
            }
        }
        return Optional.ofNullable(fewest);
    }

    /** The draft's earlier {@code limit=L, remaining=R, reset=T}. */
    private static Optional<Quota> dictionary(String value, Instant now) {
        Long limit = null;
        Long remaining = null;
        Long reset = null;
        for (String member : value.split(",")) {
            String[] pair = member.split("=", 2);
            if (pair.length != 2) {
                throw new Malformed("RateLimit", value);
            }
            long number = number("RateLimit", pair[1]);
            switch (pair[0].strip()) {
                case "limit" -> limit = number;
                case "remaining" -> remaining = number;
                case "reset" -> reset = number;
                default -> {} // parameters the draft may add are not ours to refuse
            }
        }
        if (remaining == null || reset == null) {
            return Optional.empty();
        }
        return Optional.of(new Quota(limit == null ? -1 : limit, remaining, now.plus(Duration.ofSeconds(reset)), now));
    }

    /** The quota {@code q} of the policy named {@code name} (or the only one); -1 when not said. */
    private static long limit(Optional<String> policies, String name) {
        if (policies.isEmpty()) {
            return -1;
        }
        for (String policy : policies.get().split(",")) {
            if (name.equals(name(policy))) {
                Long quota = parameter("RateLimit-Policy", policy, "q");
                return quota == null ? -1 : quota;
            }
        }
        return -1;
    }

    private static String name(String item) {
        int parameters = item.indexOf(';');
        return (parameters < 0 ? item : item.substring(0, parameters)).strip();
    }

    private static Long parameter(String header, String item, String key) {
        Matcher m = PARAMETER.matcher(item);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return number(header, m.group(2));
            }
        }
        return null;
    }

    /**
     * A non-negative whole number. The draft's -03 {@code RateLimit-Limit: 100, 100;w=60} lists
     * policies after the number: the number before them is the limit.
     */
    private static long number(String header, String value) {
        String digits = value.strip();
        int end = 0;
        while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
            end++;
        }
        String rest = digits.substring(end).strip();
        if (end == 0 || end > 18 || !(rest.isEmpty() || rest.startsWith(",") || rest.startsWith(";"))) {
            throw new Malformed(header, value);
        }
        return Long.parseLong(digits.substring(0, end));
    }
}
