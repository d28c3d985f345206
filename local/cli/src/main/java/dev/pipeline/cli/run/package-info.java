/** Talking to the running services over REST: trigger a run, and follow it until its report exists. */
package dev.pipeline.cli.run;
