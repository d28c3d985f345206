package dev.pipeline.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A "real" API for {@code --url "<url>?page={page}|slow|true"}: {@code pages} pages of {@code perPage}
 * items each (ids 1, 2, ... in order), then an empty page, each answered after {@code delay}. The
 * original's paging asks for a page once the one before it is in, so a run over it lasts at least
 * {@code pages × delay}: long enough for something to happen mid-run.
 */
final class SlowPages implements AutoCloseable {

    private static final Pattern PAGE = Pattern.compile("(?:^|&)page=(\\d+)");

    private final int pages;
    private final int perPage;
    private final long delayMillis;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicInteger served = new AtomicInteger();

    SlowPages(int pages, int perPage, long delayMillis) throws IOException {
        this.pages = pages;
        this.perPage = perPage;
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/items", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    /** The endpoint as the original's {@code --url} takes it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/items?page={page}";
    }

    int totalItems() {
        return pages * perPage;
    }

    /** Pages with items answered so far. */
    int pagesServed() {
        return served.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        Matcher page = PAGE.matcher(
                exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : exchange.getRequestURI().getRawQuery());
        int number = page.find() ? Integer.parseInt(page.group(1)) : 1;
        sleep();
        String body = number < 1 || number > pages
                ? "[]"
                : IntStream.rangeClosed(1, perPage)
                        .map(i -> (number - 1) * perPage + i)
                        .mapToObj(id -> "{\"id\":%d,\"title\":\"item %d\",\"price\":%d.5,\"category\":\"slow\"}"
                                .formatted(id, id, id))
                        .collect(Collectors.joining(",", "[", "]"));
        if (number >= 1 && number <= pages) {
            served.incrementAndGet();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
