package dev.pipeline.fetcher.fetch;

import dev.pipeline.common.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One source's OAuth2 access token, shared by all of its requests: fetched when first needed, kept
 * until shortly before it expires ({@link AccessToken#refreshAt()}) or until the API refuses it
 * ({@link #drop}). One token request at a time: requests that find no fresh token wait for the one
 * under way and take its token — or its failure, so that a token endpoint that is down is asked
 * once per wave of pages rather than once per page.
 */
final class AccessTokens {

    private final ClientCredentialsGrant grant;
    private final Clock clock;
    private final AtomicReference<AccessToken> current = new AtomicReference<>();
    private final ReentrantLock fetching = new ReentrantLock();
    /** Token requests finished, guarded by {@link #fetching}; volatile so waiters can read it first. */
    private volatile long requests;
    /** The last token request's failure, or null when it succeeded; guarded by {@link #fetching}. */
    private FetchException lastFailure;

    AccessTokens(ClientCredentialsGrant grant, Clock clock) {
        this.grant = grant;
        this.clock = clock;
    }

    /** A fresh token: the one held, or a new one asked for within {@code timeout}. */
    AccessToken get(Duration timeout) throws FetchException, InterruptedException {
        AccessToken token = current.get();
        if (token != null && token.isFreshAt(clock.instant())) {
            return token;
        }
        long seen = requests;
        if (!fetching.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw FetchException.retryable(
                    ErrorKind.AUTH_FAILED,
                    "no access token within " + timeout + " (the token endpoint is slow)",
                    null,
                    null);
        }
        try {
            token = current.get();
            if (token != null && token.isFreshAt(clock.instant())) {
                return token; // another request fetched it while this one waited
            }
            if (requests != seen && lastFailure != null) {
                throw lastFailure; // the request this one waited for failed: asking again at once would stampede
            }
            try {
                token = grant.request(timeout);
                current.set(token);
                lastFailure = null;
                return token;
            } catch (FetchException e) {
                lastFailure = e;
                throw e;
            } finally {
                requests++;
            }
        } finally {
            fetching.unlock();
        }
    }

    /**
     * Forgets {@code refused}, which the API answered with 401, unless it was replaced already
     * (then the requests refused with it share its replacement rather than each fetching one).
     */
    void drop(AccessToken refused) {
        current.compareAndSet(refused, null);
    }
}
