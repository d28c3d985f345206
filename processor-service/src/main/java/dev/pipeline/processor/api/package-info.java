/**
 * The REST API's edges shared by every controller: RFC 9457 problem details for every bad request
 * (also for errors that never reach a controller), and the OpenAPI description.
 */
package dev.pipeline.processor.api;
