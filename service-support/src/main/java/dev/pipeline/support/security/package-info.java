/**
 * Security: an optional API key ({@code pipeline.security.api-key}) that every mutating request must
 * carry; reads stay open. What a request may make a service do beyond that (which sources a run may
 * fetch, say) is the service's own business.
 */
package dev.pipeline.support.security;
