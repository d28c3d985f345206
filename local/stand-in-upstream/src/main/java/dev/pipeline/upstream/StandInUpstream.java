package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running stand-in upstream on 127.0.0.1: start it on port 0 in a test, or run {@link #main}
 * as its own process for the local run and benchmarks. Each request runs on its own virtual
 * thread, so slow {@code /httpbin/delay} calls never hold up fast ones.
 */
public final class StandInUpstream implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    /** Room for a benchmark's burst of new connections before the kernel refuses them. */
    private static final int BACKLOG = 1024;

    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the body
        // then waits for the client's delayed ACK, about 40 ms a response (350 pages/s instead
        // of thousands). The server reads this once, when its first instance in the JVM starts,
        // so it is set here, before any is created, unless someone chose otherwise.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestCounts counts;
    private final FaultyApi faults;
    private final ChangingGenerations changing;
    /** Set once by {@link #start}, right after construction (kept out of the constructor's long list). */
    private OAuthServer oauth;
    /** Set once by {@link #start}, as {@link #oauth} is. */
    private QuotaWindow quota;

    private final AtomicBoolean closed = new AtomicBoolean();

    private StandInUpstream(
            HttpServer server,
            ExecutorService executor,
            RequestCounts counts,
            FaultyApi faults,
            ChangingGenerations changing) {
        this.server = server;
        this.executor = executor;
        this.counts = counts;
        this.faults = faults;
        this.changing = changing;
    }

    /**
     * Starts serving on {@code 127.0.0.1:port}; port 0 picks a free one, see {@link #port()}.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static StandInUpstream start(int port, Settings settings) {
        return start(HOST, port, settings);
    }

    /**
     * Starts serving on {@code host:port}: {@code 0.0.0.0} in a container, so other containers
     * reach it; loopback everywhere else.
     */
    public static StandInUpstream start(String host, int port, Settings settings) {
        return start(host, port, settings, 0);
    }

    /**
     * As {@link #start(String, int, Settings)}, with every DummyJSON page of {@code prerender}
     * products and every seed page rendered first and served as bytes ({@link PrerenderedPages});
     * 0: none. The server listens only once they are rendered, so nothing measured after it is
     * ready pays for their rendering.
     */
    public static StandInUpstream start(String host, int port, Settings settings, int prerender) {
        return start(host, port, settings, prerender, OAuthSettings.defaults());
    }

    /**
     * As {@link #start(String, int, Settings, int)}, with its OAuth2 token endpoint
     * ({@code POST /oauth/token}) knowing the client and issuing tokens as {@code oauth} says, and
     * {@code /oauth/products} (DummyJSON's products) accepting only those tokens.
     */
    public static StandInUpstream start(String host, int port, Settings settings, int prerender, OAuthSettings oauth) {
        return start(host, port, settings, prerender, oauth, QuotaSettings.defaults());
    }

    /**
     * As {@link #start(String, int, Settings, int, OAuthSettings)}, with {@code /quota/products}
     * (DummyJSON's products) granting all callers together {@code quota}'s requests per window.
     */
    public static StandInUpstream start(
            String host, int port, Settings settings, int prerender, OAuthSettings oauth, QuotaSettings quota) {
        QuotaWindow quotaWindow =
                new QuotaWindow(quota.limit(), quota.window(), quota.style(), java.time.Clock.systemUTC());
        OAuthServer oauthServer = new OAuthServer(oauth, java.time.Clock.systemUTC());
        Catalog catalog = new Catalog(settings.size(), settings.seed());
        RequestCounts counts = new RequestCounts();
        FaultyApi faults = new FaultyApi();
        ChangingGenerations changing = new ChangingGenerations(settings.size().changingItems());
        DummyJsonProducts products = new DummyJsonProducts(catalog);
        SeedItems seedItems = new SeedItems(catalog);
        Endpoint productPages = products;
        Endpoint seedPages = seedItems;
        if (prerender > 0) {
            int pageSize = prerender;
            int pages = (int) ((settings.size().products() + (long) pageSize - 1) / pageSize);
            productPages = PrerenderedPages.of(products, pages, page -> products.page(pageSize, page * pageSize), q -> {
                int skip = q.integer("skip", 0, 0);
                return q.integer("limit", DummyJsonProducts.DEFAULT_LIMIT, 0) == pageSize && skip % pageSize == 0
                        ? java.util.OptionalInt.of(skip / pageSize)
                        : java.util.OptionalInt.empty();
            });
            if (settings.size().seedPages() > 0) {
                seedPages = PrerenderedPages.of(
                        seedItems,
                        settings.size().seedPages(),
                        page -> seedItems.page(page + 1),
                        q -> java.util.OptionalInt.of(q.integer("page", 1, 1) - 1));
            }
        }
        Router router = new Router(
                Map.of(
                        "/health",
                        StandInUpstream::health,
                        "/dummyjson/products",
                        productPages,
                        "/jsonplaceholder/posts",
                        new JsonPlaceholderPosts(catalog),
                        "/reqres/api/users",
                        new ReqresUsers(catalog, settings),
                        "/faulty/items",
                        new FaultyItems(faults),
                        "/seed/items",
                        seedPages,
                        "/changing/items",
                        new ChangingItemPages(changing),
                        "/changing/generation",
                        (exchange, query) -> generation(exchange, changing.generation()),
                        "/changing/advance",
                        Endpoint.post((exchange, query) -> generation(exchange, changing.advance())),
                        "/oauth/products",
                        new BearerProtected(oauthServer, products)),
                Map.of(
                        HttpbinDelay.PREFIX,
                        new HttpbinDelay(),
                        QuotaLimited.PREFIX,
                        new QuotaLimited(quotaWindow, Map.of("/quota/products", products))),
                counts);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
            server.createContext("/", router);
            server.createContext(TokenEndpoint.PATH, new TokenEndpoint(oauthServer, counts));
            // Queries in a POST body: a router of their own, as the main one's path table is full.
            Router bodies = new Router(
                    Map.of(
                            SearchProducts.PATH,
                            new SearchProducts(catalog),
                            GraphQlProducts.PATH,
                            new GraphQlProducts(catalog)),
                    Map.of(),
                    counts);
            server.createContext(SearchProducts.PATH, bodies);
            server.createContext(GraphQlProducts.PATH, bodies);
            server.setExecutor(executor);
            server.start();
            StandInUpstream upstream = new StandInUpstream(server, executor, counts, faults, changing);
            upstream.oauth = oauthServer;
            upstream.quota = quotaWindow;
            return upstream;
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException("stand-in upstream cannot listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /** The fault-injecting API's per-page request counters. */
    public FaultyApi faults() {
        return faults;
    }

    /**
     * The generation {@code /changing/items} serves; {@link ChangingGenerations#advance()} moves it
     * on as {@code POST /changing/advance} does.
     */
    public ChangingGenerations changingItems() {
        return changing;
    }

    /** The OAuth2 token store behind {@code POST /oauth/token} and {@code /oauth/products}. */
    public OAuthServer oauth() {
        return oauth;
    }

    /** The quota behind {@code /quota/products}: what it granted and refused, and a new quota for a test. */
    public QuotaWindow quota() {
        return quota;
    }

    /** Requests received so far whose path starts with {@code pathPrefix}, e.g. {@code "/dummyjson/"}. */
    public long requestCount(String pathPrefix) {
        return counts.startingWith(pathPrefix);
    }

    /** Stops at once: open exchanges are cut, and sleeping delay requests are interrupted. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Runs until killed; prints one line saying where it listens. */
    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        StandInUpstream upstream;
        try {
            upstream = start(
                    options.host(),
                    options.port(),
                    options.settings(),
                    options.prerender(),
                    options.oauth(),
                    options.quota());
        } catch (UncheckedIOException e) {
            System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(upstream::close, "stand-in-upstream-shutdown"));
        System.out.println("stand-in upstream listening on " + upstream.baseUrl());
        // The server's dispatcher thread keeps the JVM alive; main has nothing more to do.
    }

    /** {@code {"generation":g}}: what both {@code /changing/generation} and {@code /changing/advance} answer. */
    private static void generation(HttpExchange exchange, int generation) throws IOException {
        JsonResponses.send(exchange, 200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("generation", generation);
            json.writeEndObject();
        });
    }

    private static void health(HttpExchange exchange, Query query) throws IOException {
        JsonResponses.send(exchange, 200, json -> {
            json.writeStartObject();
            json.writeStringProperty("status", "UP");
            json.writeEndObject();
        });
    }
}
