package dev.pipeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Which requests a browser marks as coming from elsewhere: compared with the request's own scheme,
 * host and port (default ports included), only mutating ones are refused.
 */
class CrossSiteGuardTests {

    @ParameterizedTest(name = "{0} {1}://{2}:{3} Origin {4}, Sec-Fetch-Site {5}")
    @CsvSource(
            nullValues = "-",
            value = {
                "POST,   http,  localhost,     80,   http://localhost,             -",
                "POST,   http,  localhost,     80,   http://localhost:80,          same-origin",
                "POST,   https, api.example,   443,  https://API.example,          -",
                "POST,   http,  127.0.0.1,     8080, http://127.0.0.1:8080,        -",
                "POST,   http,  [::1],         8080, http://[::1]:8080,            -",
                "POST,   http,  127.0.0.1,     8080, -,                            none",
                "POST,   http,  127.0.0.1,     8080, -,                            -",
                "GET,    http,  127.0.0.1,     8080, http://evil.example,          cross-site",
                "HEAD,   http,  127.0.0.1,     8080, http://evil.example,          cross-site",
                "OPTIONS,http,  127.0.0.1,     8080, http://evil.example,          cross-site"
            })
    void letsThrough(String method, String scheme, String host, int port, String origin, String fetchSite)
            throws ServletException, IOException {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter(request(method, scheme, host, port, origin, fetchSite), chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
    }

    @ParameterizedTest(name = "{0} {1}://{2}:{3} Origin {4}, Sec-Fetch-Site {5}")
    @CsvSource(
            nullValues = "-",
            value = {
                "POST,   http,  127.0.0.1,     8080, http://evil.example,          -,          another web origin, 'its Origin header names another scheme, host or port'",
                "PUT,    http,  127.0.0.1,     8080, http://127.0.0.1:8081,        -,          another web origin, 'its Origin header names another scheme, host or port'",
                "PATCH,  http,  127.0.0.1,     8080, https://127.0.0.1:8080,       -,          another web origin, 'its Origin header names another scheme, host or port'",
                "DELETE, http,  127.0.0.1,     8080, http://localhost:8080,        -,          another web origin, 'its Origin header names another scheme, host or port'",
                "POST,   http,  localhost,     80,   http://localhost:8080,        -,          another web origin, 'its Origin header names another scheme, host or port'",
                "POST,   http,  127.0.0.1,     8080, null,                         -,          another web origin, 'its Origin header names another scheme, host or port'",
                "POST,   http,  127.0.0.1,     8080, not a url,                    -,          another web origin, 'its Origin header names another scheme, host or port'",
                "POST,   http,  127.0.0.1,     8080, http://127.0.0.1:8080/path,   -,          another web origin, 'its Origin header names another scheme, host or port'",
                "POST,   http,  127.0.0.1,     8080, -,                            cross-site, another site,       Sec-Fetch-Site: cross-site",
                "POST,   http,  127.0.0.1,     8080, -,                            same-site,  another web origin, Sec-Fetch-Site: same-site",
                "POST,   http,  127.0.0.1,     8080, http://127.0.0.1:8080,        cross-site, another site,       Sec-Fetch-Site: cross-site"
            })
    void refuses(
            String method,
            String scheme,
            String host,
            int port,
            String origin,
            String fetchSite,
            String from,
            String why)
            throws ServletException, IOException {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter(request(method, scheme, host, port, origin, fetchSite), chain);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\","
                        + "\"status\":403,\"detail\":\"a request from " + from + " may not change anything here (" + why
                        + ")\"}");
        assertThat(chain.getRequest()).isNull();
    }

    private static MockHttpServletResponse filter(MockHttpServletRequest request, MockFilterChain chain)
            throws ServletException, IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new CrossSiteGuard().doFilter(request, response, chain);
        return response;
    }

    private static MockHttpServletRequest request(
            String method, String scheme, String host, int port, String origin, String fetchSite) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/runs");
        request.setScheme(scheme);
        request.setServerName(host);
        request.setServerPort(port);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        if (fetchSite != null) {
            request.addHeader("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }
}
