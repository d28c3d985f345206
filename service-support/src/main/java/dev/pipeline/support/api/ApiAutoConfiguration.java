package dev.pipeline.support.api;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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
public class ApiAutoConfiguration {

    @Bean
    FilterRegistrationBean<ContentTypeGuard> contentTypeGuard() {
        FilterRegistrationBean<ContentTypeGuard> registration = new FilterRegistrationBean<>(new ContentTypeGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
