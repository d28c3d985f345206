/**
 * The REST API's edges shared by both services: RFC 9457 problem details also for errors that never
 * reach a controller (Boot's problem-details handler answers MVC's own), a guard against wildcard
 * content types, a size limit on every request body ({@code pipeline.api.max-body-size}), and the
 * OpenAPI description.
 */
package dev.pipeline.support.api;
