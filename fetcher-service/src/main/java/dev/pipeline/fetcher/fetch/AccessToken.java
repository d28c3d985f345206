package dev.pipeline.fetcher.fetch;

import java.time.Instant;

/**
 * An OAuth2 access token and when to stop using it.
 *
 * @param value     sent as {@code Authorization: Bearer}; nowhere else ({@link #toString()} hides it)
 * @param refreshAt when to get a new one, a little before it expires; {@code null} when the token
 *                  endpoint did not say how long it lasts: then until the API refuses it (401)
 */
record AccessToken(String value, Instant refreshAt) {

    boolean isFreshAt(Instant now) {
        return refreshAt == null || now.isBefore(refreshAt);
    }

    @Override
    public String toString() {
        return "AccessToken[value=***, refreshAt=" + refreshAt + "]";
    }
}
