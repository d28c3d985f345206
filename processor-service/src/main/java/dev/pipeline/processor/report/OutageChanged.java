package dev.pipeline.processor.report;

/**
 * Reports became blocked ({@code reason} says why) or could be written again ({@code null}).
 * Listeners act on {@link RunCompletion#blockedBy()}, the state now, not on the event's order.
 */
public record OutageChanged(String reason) {}
