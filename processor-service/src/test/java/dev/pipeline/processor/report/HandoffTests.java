package dev.pipeline.processor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.processor.changes.Changes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The report's second thread gets every product the pass handed, byte for byte and in order, across
 * many blocks and with one larger than a block; {@code complete} once, after the last; nothing more
 * once the pass ended without completing; and what it throws is the pass's to throw, at its next
 * item, without the pass waiting for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a deadlock fails the suite instead of hanging it
class HandoffTests {

    @Test
    void everyItemArrivesAsHandedInOrderThenComplete() {
        List<String> got = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Handoff handoff = new Handoff(recording(got, events, null), "handoff-test");
        List<String> handed = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String value = "value-" + i + "-" + "v".repeat(i == 7_000 ? Handoff.BLOCK_BYTES + 3 : i % 300);
            handed.add("key-" + i + "=" + value);
            handoff.item(buffer("key-" + i, 2), buffer(value, 0));
        }
        handoff.complete();
        handoff.finish();

        assertThat(handoff.failure()).isNull();
        assertThat(got).isEqualTo(handed);
        assertThat(events).containsExactly("complete");
    }

    @Test
    void aPassThatEndsWithoutCompletingGetsNoCompleteAndTheThreadEnds() {
        List<String> got = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Handoff handoff = new Handoff(recording(got, events, null), "handoff-abandoned");
        for (int i = 0; i < 5_000; i++) {
            handoff.item(buffer("key-" + i, 0), buffer("v".repeat(200), 0));
        }
        handoff.finish(); // the pass threw, or left its figures out

        assertThat(events).isEmpty();
        assertThat(handoff.failure()).isNull();
        assertThat(Thread.getAllStackTraces().keySet())
                .as("the second thread has ended")
                .noneMatch(thread -> thread.getName().equals("handoff-abandoned") && thread.isAlive());
    }

    @Test
    void whatTheOtherThreadThrowsIsThePassesToThrowAndNeverBlocksIt() {
        UncheckedIOException disk = new UncheckedIOException(new IOException("no space left on device"));
        Handoff handoff = new Handoff(recording(new ArrayList<>(), new ArrayList<>(), disk), "handoff-test");
        int[] handed = {0};
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 50_000; i++) { // far more blocks than are ever in flight
                        handoff.item(buffer("key-" + i, 0), buffer("v".repeat(200), 0));
                        handed[0]++;
                    }
                    handoff.complete();
                })
                .as("the pass stops at its next item")
                .isSameAs(disk);
        handoff.finish();

        assertThat(handed[0]).as("the pass was not kept reading the store").isLessThan(50_000);

        assertThat(handoff.failure()).isSameAs(disk);
        assertThatThrownBy(handoff::throwFailure).isSameAs(disk);
    }

    /** Records {@code key=value}; throws {@code failure} at the 1,000th item when given one. */
    private static Changes.Items recording(List<String> got, List<String> events, RuntimeException failure) {
        return new Changes.Items() {
            @Override
            public void item(ByteBuffer key, ByteBuffer value) {
                if (failure != null && got.size() == 1_000) {
                    throw failure;
                }
                got.add(text(key) + "=" + text(value));
            }

            @Override
            public void complete() {
                events.add("complete");
            }
        };
    }

    /** As a store hands them: from position 0 to the limit, in a larger array ({@code slack} bytes after). */
    private static ByteBuffer buffer(String text, int slack) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + slack);
        buffer.put(bytes).flip();
        return buffer;
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.limit()];
        buffer.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
