package dev.pipeline.support.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link CrossSiteGuard} and the {@link ApiKeyFilter} ahead of every other filter, so
 * a refused request's body (an upload, say) is never read; and says at startup, as a warning, when
 * the service takes mutating requests from beyond this machine without a key.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiKeyAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAutoConfiguration.class);

    @Bean
    FilterRegistrationBean<CrossSiteGuard> crossSiteGuard() {
        FilterRegistrationBean<CrossSiteGuard> registration = new FilterRegistrationBean<>(new CrossSiteGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyProperties properties, Environment environment) {
        if (properties.isEnabled()) {
            log.info("mutating requests need the API key in {}", ApiKeyFilter.HEADER);
        } else {
            beyondLoopback(environment.getProperty("server.address"))
                    .ifPresentOrElse(
                            where -> log.warn(
                                    "no API key while listening on {}: anyone who can reach this port can send it POST, PUT, PATCH "
                                            + "and DELETE requests; set one with pipeline.security.api-key (environment variable "
                                            + "PIPELINE_SECURITY_API_KEY), or listen on loopback only (server.address=127.0.0.1)",
                                    where),
                            () -> log.info(
                                    "no API key configured (pipeline.security.api-key): mutating requests are open "
                                            + "to this machine only"));
        }
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Where the server listens when that is more than loopback: no address is every interface. */
    static Optional<String> beyondLoopback(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("every interface (server.address not set)");
        }
        try {
            if (InetAddress.getByName(address.strip()).isLoopbackAddress()) {
                return Optional.empty();
            }
        } catch (UnknownHostException unresolved) {
            // the server will not start on it either; say what was asked for
        }
        return Optional.of(address.strip() + " (server.address), not loopback only");
    }
}
