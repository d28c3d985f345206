package dev.pipeline.processor.report;

import dev.pipeline.processor.changes.Changes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The products of the report's figures' pass over a run's store, handed to a thread of its own in
 * blocks of copied bytes, where they are compared with the catalogue (the report's {@code changes},
 * a second RocksDB read) and their report rows written to the rows' scratch file ({@link
 * ProductRows}): the pass reads RocksDB once and makes the figures on one core while the rest is
 * done on the other, instead of all of it after each product on one thread. Memory is a few blocks
 * of {@value #BLOCK_BYTES} bytes, whatever the run's size (a block holding a product larger than
 * that grows to it); the pass waits when the other thread is that far behind.
 *
 * <p>{@link #item} and {@link #complete} are the pass's; {@link #finish} is called by the pass's
 * thread once the pass is over, however it ended, and returns when the other thread has ended:
 * every item handed and {@link Changes.Items#complete} called (the pass said it was {@link
 * #complete}), or what was left dropped (it did not). What the other thread's items throw stops
 * the handing and is {@link #failure}, thrown to the pass by its next {@link #item} or {@link
 * #complete} (the comparison keeps its own failures: {@code Changes}).
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
    /** The pass is over without {@link #complete}, or the handing stopped: the other thread drops what is left and ends. */
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
            throwFailure(); // the pass stops here: what is left of the store would be read for nothing
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
            throwFailure();
        }
        current.last = true;
        hand(current);
        current = null;
    }

    /**
     * Waits for the other thread to end: once it has handed on every block, if the pass said it
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

    /** What stopped the handing, if anything did: what the items threw on the other thread. */
    Throwable failure() {
        return failure;
    }

    /** Throws {@link #failure}, if there is one, as the pass's own: unchecked as it was thrown. */
    void throwFailure() {
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new IllegalStateException("the report's second thread failed", thrown);
        }
    }

    private void hand(Block block) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (full.offer(block, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // a pass is never stopped half way by an interrupt: kept for after it
                }
                if (!thread.isAlive()) {
                    stop(new IllegalStateException("the report's second thread ended early"));
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A block to fill: one the other thread is done with, or a new one while there are few. */
    private Block next() {
        if (failure != null) {
            return null;
        }
        Block block = free.poll();
        if (block == null && blocks < QUEUED + 2) {
            blocks++;
            return new Block();
        }
        boolean interrupted = false;
        try {
            while (block == null) {
                try {
                    block = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // as in hand()
                }
                if (block == null && !thread.isAlive()) {
                    stop(new IllegalStateException("the report's second thread ended early"));
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    /** The other thread: every block in order, each item as the pass handed it. */
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
