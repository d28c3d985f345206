package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An endpoint's pages rendered once, before the server starts, and served as bytes: what a
 * benchmark asks for (with {@code --prerender}), so that the stand-in's JSON generation, which
 * shares the machine's cores with what is measured, is done before the measured run. The bytes are
 * those the endpoint would send ({@link JsonResponses#render}); a request for any other page is
 * served by the endpoint as always.
 *
 * <p>1,000,000 products are about 450 MB of JSON: more than the stand-in's heap. So the pages go
 * to a temporary file, mapped into memory and unlinked at once (the mapping outlives the name; the
 * OS reclaims it with the process). Pages beyond {@value #MAX_BYTES} bytes in all are not rendered.
 */
final class PrerenderedPages implements Endpoint {

    static final long MAX_BYTES = Integer.MAX_VALUE;

    private final Endpoint endpoint;
    private final Function<Query, OptionalInt> pageOf;
    private final MappedByteBuffer bytes;
    private final long[] offsets;

    private PrerenderedPages(
            Endpoint endpoint, Function<Query, OptionalInt> pageOf, MappedByteBuffer bytes, long[] offsets) {
        this.endpoint = endpoint;
        this.pageOf = pageOf;
        this.bytes = bytes;
        this.offsets = offsets;
    }

    /**
     * Renders pages {@code 0} to {@code pages - 1} with {@code render}; a request that {@code pageOf}
     * maps to one of them gets its bytes, any other goes to {@code endpoint}.
     */
    static PrerenderedPages of(
            Endpoint endpoint, int pages, IntFunction<JsonResponses.Body> render, Function<Query, OptionalInt> pageOf) {
        try {
            Path file = Files.createTempFile("stand-in-upstream-pages-", ".json");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Files.delete(file); // the open channel and the mapping keep the data; no name is left behind
                long[] offsets = new long[pages + 1];
                int rendered = 0;
                try (OutputStream out =
                        new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                    long written = 0;
                    for (; rendered < pages; rendered++) {
                        byte[] page = JsonResponses.render(render.apply(rendered));
                        if (written + page.length > MAX_BYTES) {
                            break;
                        }
                        out.write(page);
                        written += page.length;
                        offsets[rendered + 1] = written;
                    }
                    out.flush();
                    long[] kept = java.util.Arrays.copyOf(offsets, rendered + 1);
                    MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, written);
                    return new PrerenderedPages(endpoint, pageOf, mapped, kept);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot pre-render pages", ex);
        }
    }

    /** How many pages are held rendered. */
    int pages() {
        return offsets.length - 1;
    }

    /** The bytes of page {@code page}, if it was rendered. */
    Optional<byte[]> page(int page) {
        if (page < 0 || page >= pages()) {
            return Optional.empty();
        }
        int from = (int) offsets[page];
        byte[] body = new byte[(int) (offsets[page + 1] - from)];
        bytes.get(from, body);
        return Optional.of(body);
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        OptionalInt page = pageOf.apply(query);
        Optional<byte[]> body = page.isPresent() ? page(page.getAsInt()) : Optional.empty();
        if (body.isPresent()) {
            JsonResponses.raw(exchange, 200, body.get());
        } else {
            endpoint.serve(exchange, query);
        }
    }
}
