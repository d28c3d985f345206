/**
 * Talking to the running services over REST: trigger a run, and follow it until its report exists;
 * read a page of the processor's catalogue.
 */
package dev.pipeline.cli.run;
