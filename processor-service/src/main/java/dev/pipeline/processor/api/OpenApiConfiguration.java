package dev.pipeline.processor.api;

import dev.pipeline.processor.security.ApiKeyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Objects;
import java.util.stream.Stream;

/** The OpenAPI description ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): mutating calls need the API key. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";

    @Bean
    OpenAPI processorApi() {
        return new OpenAPI()
                .info(new Info().title("Pipeline processor").version("v1").description(
                        "Reads results: a run's state and report, and statistics across every report written. "
                                + "Errors are RFC 9457 problem details."))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)
                        .description("Required on POST, PUT, PATCH and DELETE when pipeline.security.api-key is set")));
    }

    @Bean
    OpenApiCustomizer mutatingCallsNeedTheApiKey() {
        return api -> api.getPaths().values().forEach(path ->
                Stream.of(path.getPost(), path.getPut(), path.getPatch(), path.getDelete())
                        .filter(Objects::nonNull)
                        .forEach(operation -> operation.addSecurityItem(new SecurityRequirement().addList(API_KEY))));
    }
}
