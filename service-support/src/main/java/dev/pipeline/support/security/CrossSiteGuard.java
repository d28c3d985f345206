package dev.pipeline.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a mutating request (POST, PUT, PATCH, DELETE) that a browser marks as sent from another
 * web origin, with a 403 problem, whether or not an API key is configured: without a key, any web
 * page a developer visits could otherwise post runs and uploads to a pipeline on their machine
 * (a form post needs no CORS permission). The marks are an {@code Origin} header whose scheme,
 * host or port is not the request's own ({@code null} included: sandboxed frames, {@code file:}
 * pages), and {@code Sec-Fetch-Site: cross-site} or {@code same-site} (another origin of the same
 * site). Requests without either (curl, the CLI, other services) and same-origin ones (the
 * Swagger UI) pass; so do reads, which change nothing. Behind a reverse proxy that changes the
 * scheme, host or port, the request's own are the forwarded ones only with
 * {@code server.forward-headers-strategy} set.
 */
class CrossSiteGuard extends OncePerRequestFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String OTHER_ORIGIN = "another web origin";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MUTATING.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            refuse(response, "another site", "Sec-Fetch-Site: cross-site");
            return;
        }
        if ("same-site".equalsIgnoreCase(fetchSite)) {
            refuse(response, OTHER_ORIGIN, "Sec-Fetch-Site: same-site");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isOwnOrigin(origin, request)) {
            refuse(response, OTHER_ORIGIN, "its Origin header names another scheme, host or port");
            return;
        }
        chain.doFilter(request, response);
    }

    /** An origin is {@code scheme://host[:port]}, nothing more; compared with the default port filled in. */
    private static boolean isOwnOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException notAnOrigin) {
            return false;
        }
        if (uri.getScheme() == null
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                && host(uri.getHost()).equals(host(request.getServerName()))
                && port(scheme, uri.getPort()) == port(scheme, request.getServerPort());
    }

    private static String host(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }

    private static int port(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return scheme.equals("https") ? 443 : 80;
    }

    private static void refuse(HttpServletResponse response, String from, String why) throws IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream()
                .write(("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"a request from " + from + " may not change anything here (" + why
                                + ")\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
