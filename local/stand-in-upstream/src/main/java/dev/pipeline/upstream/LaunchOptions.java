package dev.pipeline.upstream;

/**
 * The command line of {@link StandInUpstream#main}: {@code --host --port --products --posts
 * --users --seed-pages --changing-items --seed --api-key --prerender --oauth-client-id
 * --oauth-client-secret --oauth-token-seconds --quota-limit --quota-window-seconds --quota-style},
 * each optional.
 *
 * @param prerender the page size of the DummyJSON product pages to render before serving (and
 *                  every seed page with them); 0: none, every page rendered when asked for
 */
record LaunchOptions(
        String host,
        int port,
        Settings settings,
        boolean help,
        int prerender,
        OAuthSettings oauth,
        QuotaSettings quota) {

    LaunchOptions(String host, int port, Settings settings, boolean help, int prerender, OAuthSettings oauth) {
        this(host, port, settings, help, prerender, oauth, QuotaSettings.defaults());
    }

    LaunchOptions(String host, int port, Settings settings, boolean help) {
        this(host, port, settings, help, 0);
    }

    LaunchOptions(String host, int port, Settings settings, boolean help, int prerender) {
        this(host, port, settings, help, prerender, OAuthSettings.defaults());
    }

    static final int DEFAULT_PORT = 8089;

    /** Seed item ids are {@code (page - 1) * 10 + index}: this keeps them within an int. */
    static final int MAX_SEED_PAGES = 10_000_000;

    /** Every advance rebuilds one generation of the changing items in memory: a million is plenty. */
    static final int MAX_CHANGING_ITEMS = 1_000_000;

    static final String USAGE = """
            usage: java -jar stand-in-upstream.jar [options]
              --host H       address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
              --port N       port (default 8089, 0 = any free port)
              --products N   DummyJSON products (default 194)
              --posts N      JSONPlaceholder posts (default 100)
              --users N      Reqres users (default 12)
              --seed-pages N pages of the seed workload at /seed/items, 1-10 items each
                             (default 0: off; the benchmark uses 1000)
              --changing-items N items of /changing/items, which change at each
                             POST /changing/advance (default 50, at least 3)
              --seed N       generator seed (default 42)
              --api-key K    x-api-key the Reqres shape demands (default reqres-free-v1; "" = none)
              --prerender N  render every DummyJSON page of N products (skip a multiple of N,
                             limit N) and every seed page before serving, and serve those as
                             bytes: a benchmark's pages, kept out of what it measures
                             (default 0: off)
              --oauth-client-id ID      the client POST /oauth/token knows (default stand-in-client)
              --oauth-client-secret S   its secret (default stand-in-secret)
              --oauth-token-seconds N   how long a token /oauth/products accepts (default 60)
              --quota-limit N           requests all callers of /quota/products get per window
                                        together; past it, 429 with Retry-After (default 10)
              --quota-window-seconds N  that window's length (default 1)
              --quota-style S           how it announces the quota: ietf (RateLimit-*), combined
                                        (RateLimit + RateLimit-Policy), x (X-RateLimit-*), x-epoch
                                        (X-RateLimit-Reset in epoch seconds); a request's
                                        quota-style parameter overrides it (default ietf)
              --help         this text""";

    /** @throws IllegalArgumentException naming the offending flag or value */
    static LaunchOptions parse(String... args) {
        Settings defaults = Settings.defaults();
        String host = StandInUpstream.HOST;
        int port = DEFAULT_PORT;
        int products = defaults.size().products();
        int posts = defaults.size().posts();
        int users = defaults.size().users();
        int seedPages = defaults.size().seedPages();
        int changingItems = defaults.size().changingItems();
        long seed = defaults.seed();
        String apiKey = defaults.apiKey();
        int prerender = 0;
        OAuthSettings oauth = OAuthSettings.defaults();
        QuotaSettings quota = QuotaSettings.defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new LaunchOptions(host, port, defaults, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = number(flag, value, 0, 65_535);
                case "--products" -> products = number(flag, value, 0, Integer.MAX_VALUE);
                case "--posts" -> posts = number(flag, value, 0, Integer.MAX_VALUE);
                case "--users" -> users = number(flag, value, 0, Integer.MAX_VALUE);
                case "--seed-pages" -> seedPages = number(flag, value, 0, MAX_SEED_PAGES);
                case "--changing-items" ->
                    changingItems = number(flag, value, ChangingItems.MIN_SIZE, MAX_CHANGING_ITEMS);
                case "--seed" -> seed = seed(value);
                case "--api-key" -> apiKey = value;
                case "--prerender" -> prerender = number(flag, value, 0, DummyJsonProducts.MAX_LIMIT);
                case "--oauth-client-id" ->
                    oauth = new OAuthSettings(value, oauth.clientSecret(), oauth.tokenLifetime(), oauth.sayExpiry());
                case "--oauth-client-secret" ->
                    oauth = new OAuthSettings(oauth.clientId(), value, oauth.tokenLifetime(), oauth.sayExpiry());
                case "--oauth-token-seconds" ->
                    oauth = oauth.withTokenLifetime(java.time.Duration.ofSeconds(number(flag, value, 1, 86_400)));
                case "--quota-limit" ->
                    quota = new QuotaSettings(number(flag, value, 1, Integer.MAX_VALUE), quota.window(), quota.style());
                case "--quota-window-seconds" ->
                    quota = new QuotaSettings(
                            quota.limit(), java.time.Duration.ofSeconds(number(flag, value, 1, 86_400)), quota.style());
                case "--quota-style" -> quota = new QuotaSettings(quota.limit(), quota.window(), style(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new LaunchOptions(
                host,
                port,
                new Settings(new CatalogSize(products, posts, users, seedPages, changingItems), seed, apiKey),
                false,
                prerender,
                oauth,
                quota);
    }

    private static QuotaStyle style(String value) {
        try {
            return QuotaStyle.named(value);
        } catch (BadRequest e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    private static int number(String flag, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                flag + " needs a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number, got '" + value + "'");
        }
    }
}
