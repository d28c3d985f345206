/**
 * The local stack as separate processes: a real single-node KRaft broker, the stand-in upstream,
 * the processor and the fetcher, on free loopback ports, with logs under {@code .pipeline/logs};
 * started in order and stopped in reverse, also on Ctrl-C.
 */
package dev.pipeline.cli.stack;
