package dev.pipeline.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodyTests {

    private boolean cancelled;
    private long requested;

    @Test
    void aBodyOfTheAnnouncedLengthArrivesWhole() {
        byte[] body = bytes(40_000);

        assertThat(receive(new BoundedBody(1_000_000, body.length), body, 1_000))
                .isEqualTo(body);
    }

    @Test
    void aBodyOfUnknownLengthArrivesWholeHoweverItIsCut() {
        for (int length : new int[] {0, 1, BoundedBody.INITIAL_BYTES, BoundedBody.INITIAL_BYTES + 1, 300_000}) {
            byte[] body = bytes(length);
            assertThat(receive(new BoundedBody(1_000_000, -1), body, 777)).isEqualTo(body);
        }
    }

    @Test
    void anAnnouncedLengthIsOnlyAFirstGuess() {
        byte[] body = bytes(50_000);

        assertThat(receive(new BoundedBody(1_000_000, 0), body, 4_096)).isEqualTo(body);
        assertThat(receive(new BoundedBody(1_000_000, 10), body, 4_096)).isEqualTo(body);
        assertThat(receive(new BoundedBody(1_000_000, 2_000_000), body, 4_096)).isEqualTo(body);
    }

    @Test
    void aBodyOfExactlyTheLimitIsKept() {
        byte[] body = bytes(10_000);

        assertThat(receive(new BoundedBody(10_000, -1), body, 3_000)).isEqualTo(body);
    }

    @Test
    void aLongerBodyIsCutOffAsSoonAsItPassesTheLimit() {
        byte[] body = bytes(10_001);
        BoundedBody bounded = new BoundedBody(10_000, -1);

        CompletableFuture<byte[]> result = bounded.getBody().toCompletableFuture();
        feed(bounded, body, 3_000);

        assertThat(result).isCompletedExceptionally();
        assertThat(result.exceptionNow()).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(cancelled).isTrue();
    }

    @Test
    void aLongerBodyIsCutOffWhateverLengthItAnnounced() {
        byte[] body = bytes(20_000);
        BoundedBody bounded = new BoundedBody(10_000, 5_000);

        CompletableFuture<byte[]> result = bounded.getBody().toCompletableFuture();
        feed(bounded, body, 3_000);

        assertThat(result.exceptionNow()).isInstanceOf(BoundedBody.TooLarge.class);
    }

    private byte[] receive(BoundedBody bounded, byte[] body, int chunk) {
        feed(bounded, body, chunk);
        bounded.onComplete();
        assertThat(cancelled).isFalse();
        return bounded.getBody().toCompletableFuture().join();
    }

    /** As the client does: a list of buffers per request, two buffers of a chunk each here. */
    private void feed(BoundedBody bounded, byte[] body, int chunk) {
        cancelled = false;
        bounded.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested += n;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
        for (int from = 0; from < body.length && !cancelled; from += 2 * chunk) {
            List<ByteBuffer> buffers = new ArrayList<>();
            for (int at = from; at < Math.min(body.length, from + 2 * chunk); at += chunk) {
                buffers.add(ByteBuffer.wrap(body, at, Math.min(chunk, body.length - at))
                        .slice());
            }
            bounded.onNext(buffers);
        }
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
