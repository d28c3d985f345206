package dev.pipeline.fetcher.upload;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Uploads' admission, ahead of the multipart parser. */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

    /** After the API key, cross-site and body checks of service-support: a refused request takes no permit. */
    @Bean
    FilterRegistrationBean<UploadAdmission> uploadAdmission(UploadPermits permits) {
        FilterRegistrationBean<UploadAdmission> registration =
                new FilterRegistrationBean<>(new UploadAdmission(permits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        registration.addUrlPatterns("/api/uploads");
        return registration;
    }
}
