/** {@code pipeline compose-check}: the compose deployment run for real, and its reports checked. */
package dev.pipeline.cli.compose;
