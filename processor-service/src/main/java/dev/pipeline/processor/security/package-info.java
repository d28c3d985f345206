/**
 * Security: an optional API key that every mutating request must carry; reads stay open. (The
 * processor serves reads only today; the key guards whatever mutating endpoint comes next.)
 */
package dev.pipeline.processor.security;
