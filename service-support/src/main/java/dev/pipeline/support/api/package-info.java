/**
 * The REST API's edges shared by both services: RFC 9457 problem details also for errors that never
 * reach a controller (Boot's problem-details handler answers MVC's own), a guard against wildcard
 * content types, and the OpenAPI description.
 */
package dev.pipeline.support.api;
