/**
 * Security: an optional API key ({@code pipeline.security.api-key}) that every mutating request must
 * carry, and, key or not, no mutating request a browser sends from another web origin; reads stay
 * open. A service that listens beyond loopback without a key says so at startup. What a request may
 * make a service do beyond that (which sources a run may fetch, say) is the service's own business.
 */
package dev.pipeline.support.security;
