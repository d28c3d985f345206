package dev.pipeline.cli.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Waits for services started together until all are healthy; a service that dies fails it at once. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(250);

    private Readiness() {}

    static void await(List<ServiceProcess> services, Duration timeout, Consumer<String> say) {
        await(services, timeout, say, System.nanoTime());
    }

    /**
     * As {@link #await(List, Duration, Consumer)}, for services launched at {@code launchedNanos}
     * ({@link System#nanoTime()}): the time each took is counted from then. The timeout is counted
     * from now, as before they started while the broker did: the wait for the broker (up to its
     * own timeout) must not eat into theirs on a loaded machine.
     */
    static void await(List<ServiceProcess> services, Duration timeout, Consumer<String> say, long launchedNanos) {
        long started = launchedNanos;
        long waitFrom = System.nanoTime();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : List.copyOf(pending)) {
                if (!service.process().isAlive()) {
                    throw service.process().exitedEarly();
                }
                if (service.isHealthy()) {
                    pending.remove(service);
                    say.accept("%s ready at %s (%.1f s)"
                            .formatted(service.name(), service.baseUrl(), (System.nanoTime() - started) / 1e9));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() - waitFrom > timeout.toNanos()) {
                throw pending.getFirst().process().failure("was not healthy within " + Durations.describe(timeout));
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted while waiting for the services", ex);
        }
    }
}
