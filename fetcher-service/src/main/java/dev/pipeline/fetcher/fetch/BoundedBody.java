package dev.pipeline.fetcher.fetch;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected in memory up to {@code limit} bytes. A longer one is cut off as soon
 * as it passes the limit, and the exchange is cancelled, rather than read to its end: a page
 * must not be able to take the fetcher's heap, however long it is. The bytes go straight from the
 * client's buffers into one array, sized by the response's {@code Content-Length} when it has
 * one (within the limit), so that a page is copied once, not three times (JFR, issue #16).
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body was longer than allowed. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("page larger than " + limit + " bytes");
        }
    }

    /** The first array's size when the length is not known beforehand. */
    static final int INITIAL_BYTES = 16 * 1024;

    /** The largest array the JVM allocates for sure. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] bytes;
    private int size;
    private Flow.Subscription subscription;

    /** @param contentLength the length the response announces, or -1: a first guess at the size, never trusted */
    BoundedBody(long limit, long contentLength) {
        this.limit = limit;
        long expected = contentLength >= 0 && contentLength <= limit ? contentLength : INITIAL_BYTES;
        this.bytes = new byte[(int) Math.min(Math.min(expected, limit), MAX_ARRAY)];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            if (size + (long) length > Math.min(limit, MAX_ARRAY)) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            if (size + length > bytes.length) {
                long doubled = Math.min(2L * Math.max(bytes.length, INITIAL_BYTES), Math.min(limit, MAX_ARRAY));
                long grown = Math.max((long) size + length, doubled);
                bytes = Arrays.copyOf(bytes, (int) grown);
            }
            buffer.get(bytes, size, length);
            size += length;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
    }
}
