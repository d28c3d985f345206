package dev.pipeline.support;

import dev.pipeline.support.api.ApiAutoConfiguration;
import dev.pipeline.support.api.OpenApiAutoConfiguration;
import dev.pipeline.support.health.KafkaHealthAutoConfiguration;
import dev.pipeline.support.security.ApiKeyAutoConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service gets by adding this module: the auto-configurations listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}, wired as the services' own configuration was.
 */
class ServiceSupportAutoConfigurationTests {

    private static final AutoConfigurations SUPPORT = AutoConfigurations.of(ApiAutoConfiguration.class,
            OpenApiAutoConfiguration.class, KafkaHealthAutoConfiguration.class, ApiKeyAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
                    ErrorMvcAutoConfiguration.class, KafkaAutoConfiguration.class))
            .withConfiguration(SUPPORT)
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.application.name=some-service");

    @Test
    void aServletServiceGetsTheFiltersTheProblemErrorControllerAndTheKafkaIndicator() {
        web.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(FilterRegistrationBean.class)).containsOnlyKeys("apiKeyFilter", "contentTypeGuard");
            assertThat(context.getBeansOfType(ErrorController.class)).containsOnlyKeys("problemErrorController");
            assertThat(context.getBean("kafka")).isInstanceOf(HealthIndicator.class);
        });
    }

    @Test
    void theOpenApiTitleIsConfiguredOrTheApplicationsName() {
        web.run(context -> assertThat(context.getBean(OpenAPI.class).getInfo().getTitle()).isEqualTo("some-service"));
        web.withPropertyValues("pipeline.api.title=Some service", "pipeline.api.description=Does things.")
                .run(context -> {
                    OpenAPI api = context.getBean(OpenAPI.class);
                    assertThat(api.getInfo().getTitle()).isEqualTo("Some service");
                    assertThat(api.getInfo().getDescription()).isEqualTo("Does things.");
                    assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");
                });
    }

    @Test
    void withoutSpringdocThereIsNoOpenApiDescription() {
        web.withClassLoader(new FilteredClassLoader(OpenApiCustomizer.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(OpenAPI.class);
            assertThat(context).doesNotHaveBean(OpenApiCustomizer.class);
        });
    }

    @Test
    void aContextWithoutKafkaOrServletsGetsNeitherTheIndicatorNorTheFilters() {
        new ApplicationContextRunner().withConfiguration(SUPPORT).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("kafka");
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
        });
    }
}
