package dev.pipeline.cli.stack;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What to launch for one service, and how to reach it once it runs.
 *
 * @param environment variables set for the process on top of this one's (secrets go here, not on its command line)
 */
public record ServiceCommand(
        String name, List<String> command, Map<String, String> environment, URI baseUrl, HealthCheck health) {

    public ServiceCommand {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Never the environment's values, which may be secrets. */
    @Override
    public String toString() {
        return "ServiceCommand[name=%s, command=%s, environment=%s, baseUrl=%s]"
                .formatted(name, command, environment.keySet(), baseUrl);
    }
}
