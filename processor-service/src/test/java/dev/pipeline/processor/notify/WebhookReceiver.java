package dev.pipeline.processor.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Test support: a real local HTTP server standing in for a webhook's receiver (the JDK's). It records
 * every request and answers with the status {@link #answer} gives for its delivery (run id) and attempt.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Delivery(String delivery, String signature, String contentType, byte[] body) {}

    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private volatile Answer answer = (delivery, attempt) -> 200;
    private volatile long delayMillis;

    /** The status for the attempt'th request (from 1) of a delivery. */
    @FunctionalInterface
    public interface Answer {
        int status(String delivery, int attempt);
    }

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String delivery = exchange.getRequestHeaders().getFirst(RunNotifier.DELIVERY_HEADER);
            received.add(new Delivery(
                    delivery,
                    exchange.getRequestHeaders().getFirst(Signature.HEADER),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            int attempt = attempts.merge(String.valueOf(delivery), 1, Integer::sum);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(answer.status(delivery, attempt), -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public void answer(Answer answer) {
        this.answer = answer;
    }

    public void answerWith(Function<String, Integer> byDelivery) {
        this.answer = (delivery, attempt) -> byDelivery.apply(delivery);
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** The requests of one delivery (run id), in the order they arrived. */
    public List<Delivery> of(String delivery) {
        return received.stream().filter(d -> delivery.equals(d.delivery())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
