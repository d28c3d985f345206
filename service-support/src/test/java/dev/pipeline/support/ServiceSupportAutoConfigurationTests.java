package dev.pipeline.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.support.api.ApiAutoConfiguration;
import dev.pipeline.support.api.OpenApiAutoConfiguration;
import dev.pipeline.support.health.KafkaHealthAutoConfiguration;
import dev.pipeline.support.security.ApiKeyAutoConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;

/**
 * What a service gets by adding this module: the auto-configurations listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}, wired as the services' own configuration was.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceSupportAutoConfigurationTests {

    private static final String OPEN_TO_THE_NETWORK = "no API key while listening on %s: anyone who can reach this "
            + "port can send it POST, PUT, PATCH and DELETE requests; set one with pipeline.security.api-key "
            + "(environment variable PIPELINE_SECURITY_API_KEY), or listen on loopback only (server.address=127.0.0.1)";

    private static final AutoConfigurations SUPPORT = AutoConfigurations.of(
            ApiAutoConfiguration.class,
            OpenApiAutoConfiguration.class,
            KafkaHealthAutoConfiguration.class,
            ApiKeyAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DispatcherServletAutoConfiguration.class,
                    ErrorMvcAutoConfiguration.class,
                    KafkaAutoConfiguration.class))
            .withConfiguration(SUPPORT)
            .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.application.name=some-service");

    @Test
    void aServletServiceGetsTheFiltersTheProblemErrorControllerAndTheKafkaIndicator() {
        web.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(FilterRegistrationBean.class))
                    .containsOnlyKeys("apiKeyFilter", "crossSiteGuard", "contentTypeGuard", "bodySizeLimit");
            assertThat(context.getBeansOfType(ErrorController.class)).containsOnlyKeys("problemErrorController");
            assertThat(context.getBean("kafka")).isInstanceOf(HealthIndicator.class);
        });
    }

    @Test
    void listeningOnEveryInterfaceWithoutAnApiKeyIsOneWarning(CapturedOutput output) {
        web.run(context -> assertThat(context).hasNotFailed());

        assertThat(warnings(output))
                .containsExactly(OPEN_TO_THE_NETWORK.formatted("every interface (server.address not set)"));
    }

    @Test
    void listeningOnAnAddressBeyondLoopbackWithoutAnApiKeyIsOneWarning(CapturedOutput output) {
        web.withPropertyValues("server.address=0.0.0.0")
                .run(context -> assertThat(context).hasNotFailed());
        web.withPropertyValues("server.address=192.0.2.7")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(warnings(output))
                .containsExactly(
                        OPEN_TO_THE_NETWORK.formatted("0.0.0.0 (server.address), not loopback only"),
                        OPEN_TO_THE_NETWORK.formatted("192.0.2.7 (server.address), not loopback only"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "server.address=127.0.0.1",
                "server.address=::1",
                "server.address=localhost",
                "pipeline.security.api-key=some-key"
            })
    void onLoopbackOrWithAnApiKeyThereIsNoWarning(String property, CapturedOutput output) {
        web.withPropertyValues(property).run(context -> assertThat(context).hasNotFailed());

        assertThat(warnings(output)).isEmpty();
    }

    private static java.util.List<String> warnings(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains("WARN") && line.contains("no API key"))
                .map(line -> line.substring(line.indexOf("no API key")))
                .toList();
    }

    @Test
    void theOpenApiTitleIsConfiguredOrTheApplicationsName() {
        web.run(context ->
                assertThat(context.getBean(OpenAPI.class).getInfo().getTitle()).isEqualTo("some-service"));
        web.withPropertyValues("pipeline.api.title=Some service", "pipeline.api.description=Does things.")
                .run(context -> {
                    OpenAPI api = context.getBean(OpenAPI.class);
                    assertThat(api.getInfo().getTitle()).isEqualTo("Some service");
                    assertThat(api.getInfo().getDescription()).isEqualTo("Does things.");
                    assertThat(api.getComponents()
                                    .getSecuritySchemes()
                                    .get("apiKey")
                                    .getName())
                            .isEqualTo("X-API-Key");
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
