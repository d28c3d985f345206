package dev.pipeline.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pipeline.security.*}.
 *
 * @param apiKey the key mutating requests must send in {@code X-API-Key}; unset or empty (the
 *               default for local runs) lets every request in. Environment variable
 *               {@code PIPELINE_SECURITY_API_KEY}
 */
@ConfigurationProperties("pipeline.security")
public record ApiKeyProperties(String apiKey) {

    public ApiKeyProperties {
        apiKey = apiKey == null ? "" : apiKey.strip();
    }

    public boolean isEnabled() {
        return !apiKey.isEmpty();
    }

    /** Never the key itself, wherever this record is printed. */
    @Override
    public String toString() {
        return "ApiKeyProperties[apiKey=" + (isEnabled() ? "(set)" : "(none)") + "]";
    }
}
