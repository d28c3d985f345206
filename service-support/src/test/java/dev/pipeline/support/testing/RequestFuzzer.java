package dev.pipeline.support.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test support: random and malformed HTTP requests from a seeded {@link Random}, so a failure
 * reproduces from its seed. Most go through {@link HttpClient}; some are written byte by byte on
 * a socket, for what a well-behaved client will not send (raw invalid UTF-8, broken request lines).
 * Shared by both services' {@code ApiFuzzTests} through this module's test-jar.
 */
public final class RequestFuzzer {

    private static final List<String> METHODS = List.of(
            "GET",
            "GET",
            "GET",
            "POST",
            "POST",
            "POST",
            "PUT",
            "PATCH",
            "DELETE",
            "HEAD",
            "OPTIONS",
            "TRACE",
            "PROPFIND",
            "FOO");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=UTF-8",
            "application/json; charset=bogus",
            "application/json; charset=UTF-16",
            "text/plain",
            "text/csv",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "multipart/mixed; boundary=b",
            "application/x-www-form-urlencoded",
            "application/xml",
            "application/problem+json",
            "???",
            "*/*",
            "application/",
            ";;;",
            "application/json;;",
            "image/png");
    private static final List<String> ACCEPTS = List.of(
            "*/*",
            "application/json",
            "text/event-stream",
            "text/html",
            "application/xml",
            "garbage",
            "application/problem+json",
            "text/*;q=0.x",
            "");
    private static final List<String> SEGMENTS = List.of(
            "..",
            "%2e%2e",
            "..%2F..%2Fetc%2Fpasswd",
            "%2F",
            "%00",
            "%C3%28",
            "%FF%FE",
            "%E2%82",
            "%25",
            "run-20260101T000000Z-abcdef",
            "null",
            "undefined",
            "-1",
            "%7B%7D",
            "a;b=c",
            "%20",
            "runs",
            "events",
            "report",
            "stats",
            "sources",
            "categories",
            "uploads",
            "..%5C..%5Cwindows",
            "%c0%ae%c0%ae",
            "%u002e",
            "\u00e9t\u00e9".replace("\u00e9", "%C3%A9"));
    private static final List<String> QUERIES = List.of(
            "",
            "",
            "",
            "?top=5",
            "?top=-1",
            "?top=99999999999",
            "?top=abc",
            "?from=2026-01-01T00:00:00Z",
            "?from=yesterday",
            "?to=%00",
            "?from=2026-13-45T99:99:99Z",
            "?top=&from=&to=",
            "?sources=http://169.254.169.254/",
            "?%C3%28=%FF");

    private final long seed;
    private final Random random;
    private final List<String> paths;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code paths} are templates; {@code {id}} and {@code {segment}} are filled at random. */
    public RequestFuzzer(long seed, List<String> paths) {
        this.seed = seed;
        this.random = new Random(seed);
        this.paths = paths;
    }

    /** A fuzzer seeded by {@code -Dfuzz.seed} (to replay a run) or afresh; the seed is printed. */
    public static RequestFuzzer seeded(List<String> paths) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTests seed: " + seed);
        return new RequestFuzzer(seed, paths);
    }

    /**
     * Sends {@link #next()} requests to 127.0.0.1:{@code port} until {@code requests} are sent or
     * {@code budget} is spent. Every 5xx answer is a failure, listed after a first line that names
     * the seed.
     */
    public Barrage barrage(int port, int requests, Duration budget) throws IOException, InterruptedException {
        List<String> failures = failuresHeader(seed);
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int sent = 0;
        while (sent < requests && System.nanoTime() < deadline) {
            Request request = next();
            int status = send(request, port);
            sent++;
            if (status >= 500) {
                failures.add("#" + sent + " " + status + " for " + request);
            }
        }
        System.out.printf("ApiFuzzTests: %d requests in %.1f s%n", sent, (System.nanoTime() - start) / 1e9);
        return new Barrage(sent, failures);
    }

    /** What a {@link #barrage} sent: how many requests, and the seed's line followed by each failure. */
    public record Barrage(int sent, List<String> failures) {}

    public Request next() {
        String method = pick(METHODS);
        String path = path();
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(4) > 0) {
            headers.put("Content-Type", pick(CONTENT_TYPES));
        }
        if (random.nextBoolean()) {
            headers.put("Accept", pick(ACCEPTS));
        }
        if (random.nextInt(10) == 0) {
            headers.put("X-API-Key", randomText(random.nextInt(40)));
        }
        byte[] body = method.equals("GET") || method.equals("HEAD")
                ? (random.nextInt(5) == 0 ? body() : new byte[0])
                : body();
        return new Request(method, path, headers, body, random.nextInt(10) == 0);
    }

    private String path() {
        String template = pick(paths);
        String path = template.replace("{id}", id()).replace("{segment}", pick(SEGMENTS));
        return path + pick(QUERIES);
    }

    private String id() {
        return switch (random.nextInt(7)) {
            case 0 -> "x".repeat(1 + random.nextInt(64));
            case 1 -> "a".repeat(65 + random.nextInt(4000));
            case 2 -> pick(SEGMENTS);
            case 3 -> "run-" + Long.toHexString(random.nextLong());
            case 4 -> percentEncoded(randomBytes(1 + random.nextInt(30)));
            case 5 -> "9".repeat(20 + random.nextInt(200));
            default -> pick(SEGMENTS) + "/" + pick(SEGMENTS);
        };
    }

    private byte[] body() {
        return switch (random.nextInt(12)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(random.nextInt(2000));
            case 2 -> utf8("{\"sources\":");
            case 3 -> utf8("{\"sources\":[" + randomJsonValue(3) + "]}");
            case 4 -> utf8(randomJsonValue(4));
            case 5 -> utf8("[".repeat(2000 + random.nextInt(20000)));
            case 6 -> utf8("{\"sources\":[\"" + "a".repeat(random.nextInt(200_000)) + "\"]}");
            case 7 -> new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 8 -> multipart();
            case 9 -> utf8("{\"sources\":[\"http://127.0.0.1:1/\",\"file:///etc/passwd\",\"../../x\"]}");
            case 10 -> utf8("id,title,price\n1,\"open quote,5\n");
            default ->
                utf8("--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"../../" + randomText(10)
                        + "\"\r\n\r\n" + randomJsonValue(2) + "\r\n--xyz--\r\n");
        };
    }

    private byte[] multipart() {
        String boundary = "b" + random.nextInt(1000);
        String content = random.nextBoolean() ? randomJsonValue(3) : "id,title\n1,x\n\"2,y";
        return utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                + pick(List.of("a.json", "b.csv", "c.png", "", "..\\..\\d.json")) + "\"\r\n\r\n" + content
                + "\r\n--" + boundary + (random.nextBoolean() ? "--\r\n" : ""));
    }

    private String randomJsonValue(int depth) {
        int choice = random.nextInt(depth <= 0 ? 5 : 8);
        return switch (choice) {
            case 0 -> "null";
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "\"" + randomText(random.nextInt(20)).replace("\\", "").replace("\"", "") + "\"";
            case 3 -> random.nextBoolean() ? "true" : "1e999999";
            case 4 -> "\"\\ud800\"";
            case 5 -> "[" + randomJsonValue(depth - 1) + "," + randomJsonValue(depth - 1) + "]";
            case 6 -> "{\"items\":[" + randomJsonValue(depth - 1) + "]}";
            default ->
                "{\"sources\":" + randomJsonValue(depth - 1) + ",\""
                        + randomText(5).replace("\"", "") + "\":" + randomJsonValue(depth - 1) + "}";
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String percentEncoded(byte[] bytes) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes) {
            encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return encoded.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends it to 127.0.0.1:{@code port}; answers the status, or -1 when the server closed without one. */
    public int send(Request request, int port) throws IOException, InterruptedException {
        if (request.raw()) {
            return sendRaw(request, port);
        }
        URI uri;
        try {
            uri = URI.create("http://127.0.0.1:" + port + request.path());
        } catch (IllegalArgumentException notAUri) {
            return sendRaw(request, port);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .method(
                        request.method(),
                        request.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException closed) {
            // The server may refuse a request by closing the connection (Tomcat does, for some); that is no 5xx.
            return -1;
        }
    }

    /** The request as bytes on a socket, path unencoded: raw bytes such as invalid UTF-8 go as they are. */
    private static int sendRaw(Request request, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((request.method() + " ").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(rawPath(request.path()));
            out.writeBytes(
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
            request.headers()
                    .forEach((name, value) ->
                            out.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            out.writeBytes(
                    ("Content-Length: " + request.body().length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(request.body());
            OutputStream stream = socket.getOutputStream();
            stream.write(out.toByteArray());
            stream.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String status = new String(head, StandardCharsets.ISO_8859_1);
            return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
        } catch (IOException closed) {
            return -1;
        }
    }

    /** Percent-escapes decoded where they stand for raw bytes, so the socket carries the bytes themselves. */
    private static byte[] rawPath(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%'
                    && i + 2 < path.length()
                    && HexFormat.isHexDigit(path.charAt(i + 1))
                    && HexFormat.isHexDigit(path.charAt(i + 2))
                    && path.charAt(i + 1) >= '8') {
                bytes.write(HexFormat.fromHexDigits(path, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    /** One request; {@code raw} ones go over a socket. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, boolean raw) {

        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            String shownPath = path.length() > 300 ? path.substring(0, 300) + "...(" + path.length() + " chars)" : path;
            return (raw ? "raw " : "") + method + " " + shownPath + " " + headers + " body(" + body.length + " bytes): "
                    + shown.replaceAll("\\p{Cntrl}", "?");
        }
    }

    private static List<String> failuresHeader(long seed) {
        return new ArrayList<>(List.of("seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")"));
    }
}
