package dev.pipeline.cli.stack;

import java.net.URI;

/** A running service (stand-in upstream, processor or fetcher): its process, address and health check. */
public record ServiceProcess(ChildProcess process, URI baseUrl, HealthCheck health) {

    public String name() {
        return process.name();
    }

    public boolean isHealthy() {
        return health.passes(baseUrl);
    }
}
