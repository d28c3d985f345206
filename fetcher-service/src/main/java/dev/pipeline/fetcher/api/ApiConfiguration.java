package dev.pipeline.fetcher.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Filters at the API's edge, ahead of Spring MVC. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    FilterRegistrationBean<ContentTypeGuard> contentTypeGuard() {
        FilterRegistrationBean<ContentTypeGuard> registration = new FilterRegistrationBean<>(new ContentTypeGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
