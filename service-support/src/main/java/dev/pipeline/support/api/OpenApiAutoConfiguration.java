package dev.pipeline.support.api;

import dev.pipeline.support.security.ApiKeyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Objects;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The OpenAPI description ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}), where the service
 * brings springdoc: titled and described by {@link ApiProperties}; mutating calls need the API key.
 */
@AutoConfiguration
@ConditionalOnClass({OpenAPI.class, OpenApiCustomizer.class})
@EnableConfigurationProperties(ApiProperties.class)
public class OpenApiAutoConfiguration {

    private static final String API_KEY = "apiKey";

    @Bean
    OpenAPI serviceApi(ApiProperties properties, Environment environment) {
        String title = StringUtils.hasText(properties.title())
                ? properties.title()
                : environment.getProperty("spring.application.name", "API");
        return new OpenAPI()
                .info(new Info().title(title).version("v1").description(properties.description()))
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        API_KEY,
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.APIKEY)
                                                .in(SecurityScheme.In.HEADER)
                                                .name(ApiKeyFilter.HEADER)
                                                .description(
                                                        "Required on POST, PUT, PATCH and DELETE when pipeline.security.api-key is set")));
    }

    @Bean
    OpenApiCustomizer mutatingCallsNeedTheApiKey() {
        return api -> api.getPaths()
                .values()
                .forEach(path -> Stream.of(path.getPost(), path.getPut(), path.getPatch(), path.getDelete())
                        .filter(Objects::nonNull)
                        .forEach(operation -> operation.addSecurityItem(new SecurityRequirement().addList(API_KEY))));
    }
}
