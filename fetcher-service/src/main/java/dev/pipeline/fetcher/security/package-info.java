/**
 * Security: an optional API key that every mutating request must carry; reads stay open. Which
 * sources a run may fetch is not decided here but by configuration alone (no URL ever comes from
 * a request).
 */
package dev.pipeline.fetcher.security;
