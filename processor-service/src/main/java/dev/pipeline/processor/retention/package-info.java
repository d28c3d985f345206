/**
 * Retention: which files of the output directory this processor wrote (reports and abandoned-run
 * markers, never anything else), deleting the oldest of them by age or count, and how much disk the
 * rest use.
 */
package dev.pipeline.processor.retention;
