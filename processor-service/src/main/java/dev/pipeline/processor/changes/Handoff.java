package dev.pipeline.processor.changes;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The products of someone else's pass over a run's store (the report's figures' pass), handed to
 * the comparison on a thread of its own in blocks of copied bytes: the pass reads RocksDB once and
 * the comparison (the catalogue's versions, a second RocksDB read) runs beside it on the other
 * core, instead of after each product on the pass's thread. Memory is a few blocks of
 * {@value #BLOCK_BYTES} bytes, whatever the run's size (a block holding a product larger than that
 * grows to it); the pass waits when the comparison is that far behind.
 *
 * <p>{@link #item} and {@link #complete} are the pass's; {@link #finish} is called by the pass's
 * thread once the pass is over, however it ended, and returns when the comparison's thread has
 * ended: the comparison is then complete (its {@link Items} were told so) or was abandoned
 * (the pass ended without {@link #complete}). The items' own failures are theirs to keep
 * ({@code Changes.Fed}); what would fail the thread otherwise stops the handing, and is {@link
 * #failure}.
 */
final class Handoff implements Changes.Items {

    static final int BLOCK_BYTES = 256 * 1024;

    /** Blocks filled and not yet compared at most: the pass waits beyond. */
    private static final int QUEUED = 3;

    private static final long WAIT_MILLIS = 50;

    private final Changes.Items items;
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(QUEUED + 1);
    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(QUEUED + 2);
    private final Thread thread;
    private Block current;
    private int blocks;
    /** The pass is over without {@link #complete}: the comparison's thread drops what is left and ends. */
    private volatile boolean abandoned;

    private volatile Throwable failure;

    /** Hands to {@code items} on a thread named {@code name}, started now. */
    Handoff(Changes.Items items, String name) {
        this.items = items;
        this.current = new Block();
        this.blocks = 1;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::compare);
    }

    @Override
    public void item(ByteBuffer key, ByteBuffer value) {
        if (failure != null) {
            return;
        }
        if (!current.fits(key.limit(), value.limit())) {
            hand(current);
            current = next();
            if (current == null) {
                return;
            }
        }
        current.add(key, value);
    }

    @Override
    public void complete() {
        if (failure != null) {
            return;
        }
        current.last = true;
        hand(current);
        current = null;
    }

    /**
     * Waits for the comparison's thread to end: once it has compared every block, if the pass said it
     * was {@link #complete}; else at once, what is still queued dropped.
     */
    void finish() {
        if (current != null) { // never completed: the pass threw, or left the comparison out
            abandoned = true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    thread.join();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // it ends soon on its own: every block it waits for is queued
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What stopped the handing, if anything did (the thread's, or the pass's thread interrupted). */
    Throwable failure() {
        return failure;
    }

    private void hand(Block block) {
        try {
            while (!full.offer(block, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) {
                    stop(new IllegalStateException("the comparison's thread ended early"));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(e);
        }
    }

    /** A block to fill: one the comparison is done with, or a new one while there are few. */
    private Block next() {
        if (failure != null) {
            return null;
        }
        Block block = free.poll();
        if (block == null && blocks < QUEUED + 2) {
            blocks++;
            return new Block();
        }
        try {
            while (block == null) {
                block = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (block == null && !thread.isAlive()) {
                    stop(new IllegalStateException("the comparison's thread ended early"));
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(e);
            return null;
        }
        block.clear();
        return block;
    }

    private void stop(Throwable why) {
        if (failure == null) {
            failure = why;
        }
        abandoned = true;
    }

    /** The comparison's thread: every block in order, each item as the pass handed it. */
    private void compare() {
        byte[] key = new byte[512];
        try {
            while (true) {
                Block block = full.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (block == null) {
                    if (abandoned) {
                        return;
                    }
                    continue;
                }
                if (abandoned) {
                    return;
                }
                ByteBuffer whole = ByteBuffer.wrap(block.data);
                for (int i = 0, at = 0; i < block.count; i++) {
                    int keyLength = block.sizes[2 * i];
                    int valueLength = block.sizes[2 * i + 1];
                    if (key.length < keyLength) {
                        key = new byte[keyLength];
                    }
                    System.arraycopy(block.data, at, key, 0, keyLength);
                    // Keys from the array's start, values from position 0, as the store hands them.
                    items.item(ByteBuffer.wrap(key, 0, keyLength), whole.slice(at + keyLength, valueLength));
                    at += keyLength + valueLength;
                }
                if (block.last) {
                    items.complete();
                    return;
                }
                free.offer(block);
            }
        } catch (Throwable e) { // NOPMD: handed to the pass's thread (failure()), never lost
            stop(e);
        }
    }

    /** Items copied back to back, key then value, with their sizes. */
    private static final class Block {

        private byte[] data = new byte[BLOCK_BYTES];
        private int[] sizes = new int[2 * 1024];
        private int count;
        private int used;
        private boolean last;

        boolean fits(int keyLength, int valueLength) {
            return count == 0 || used + keyLength + valueLength <= data.length;
        }

        void add(ByteBuffer key, ByteBuffer value) {
            int keyLength = key.limit();
            int valueLength = value.limit();
            if (used + keyLength + valueLength > data.length) { // one product larger than a block: alone in it
                data = Arrays.copyOf(data, used + keyLength + valueLength);
            }
            if (2 * count + 2 > sizes.length) {
                sizes = Arrays.copyOf(sizes, sizes.length * 2);
            }
            key.get(0, data, used, keyLength);
            used += keyLength;
            value.get(0, data, used, valueLength);
            used += valueLength;
            sizes[2 * count] = keyLength;
            sizes[2 * count + 1] = valueLength;
            count++;
        }

        void clear() {
            count = 0;
            used = 0;
            last = false;
            if (data.length > BLOCK_BYTES) {
                data = new byte[BLOCK_BYTES]; // a large product's block shrinks back
            }
        }
    }
}
