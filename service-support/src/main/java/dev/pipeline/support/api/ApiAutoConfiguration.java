package dev.pipeline.support.api;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Filters at the API's edge, ahead of Spring MVC, and the error controller. Before Boot's
 * {@link ErrorMvcAutoConfiguration}, which then leaves out its own error controller.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiAutoConfiguration {

    @Bean
    FilterRegistrationBean<ContentTypeGuard> contentTypeGuard() {
        FilterRegistrationBean<ContentTypeGuard> registration = new FilterRegistrationBean<>(new ContentTypeGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** After the API key and cross-site checks, so that a refused request is refused for who sent it. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(
            ApiProperties properties, @Value("${spring.servlet.multipart.enabled:true}") boolean multipartEnabled) {
        FilterRegistrationBean<BodySizeLimit> registration =
                new FilterRegistrationBean<>(new BodySizeLimit(properties.maxBodySize(), multipartEnabled));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    BodyTooLargeResolver bodyTooLargeResolver(FilterRegistrationBean<BodySizeLimit> bodySizeLimit) {
        return new BodyTooLargeResolver(bodySizeLimit.getFilter());
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
