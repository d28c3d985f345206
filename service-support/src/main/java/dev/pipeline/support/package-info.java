/**
 * The Spring web infrastructure both services need (API key, problem+json errors, Kafka readiness,
 * OpenAPI, the dead-letter serializer), in one copy instead of one per service; the wire contract stays in {@code common}.
 *
 * <p>A Spring Boot auto-configuration: a service adds this module as a dependency and gets
 * <ul>
 *   <li>{@link dev.pipeline.support.security}: the optional API key ({@code pipeline.security.api-key})
 *       every mutating request must carry, and no mutating request from another web origin;</li>
 *   <li>{@link dev.pipeline.support.api}: RFC 9457 problem details also for errors that never reach a
 *       controller, a guard against wildcard content types, a size limit on request bodies
 *       ({@code pipeline.api.max-body-size}), and the OpenAPI description (titled by
 *       {@code pipeline.api.title} and {@code pipeline.api.description});</li>
 *   <li>{@link dev.pipeline.support.health}: the {@code kafka} health indicator for the readiness group.</li>
 * </ul>
 * Used explicitly, not auto-configured: {@link dev.pipeline.support.kafka}, the value serializer
 * both services' dead letters are written with.
 *
 * <p>What only one service needs (the fetcher's upload and multipart problems, say) stays in that service.
 */
package dev.pipeline.support;
