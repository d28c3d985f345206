package dev.pipeline.cli.stack;

import java.net.URI;
import java.util.List;

/** What to launch for one service, and how to reach it once it runs. */
public record ServiceCommand(String name, List<String> command, URI baseUrl, HealthCheck health) {

    public ServiceCommand {
        command = List.copyOf(command);
    }
}
