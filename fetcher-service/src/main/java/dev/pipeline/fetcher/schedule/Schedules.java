package dev.pipeline.fetcher.schedule;

import dev.pipeline.fetcher.source.SourceDefinition;
import dev.pipeline.fetcher.source.SourcesProperties;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The configured schedules, each resolved against the configured sources. A schedule that names a
 * source no one configured stops the service at startup, naming the setting and the source.
 */
@Component
class Schedules {

    private final List<Schedule> all;

    Schedules(SchedulesProperties properties, SourcesProperties sources) {
        List<Schedule> resolved = new ArrayList<>();
        for (int i = 0; i < properties.schedules().size(); i++) {
            resolved.add(resolve(i, properties.schedules().get(i), sources));
        }
        this.all = List.copyOf(resolved);
    }

    List<Schedule> all() {
        return all;
    }

    Optional<Schedule> find(String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Schedule resolve(int index, ScheduleDefinition definition, SourcesProperties sources) {
        List<SourceDefinition> chosen = new ArrayList<>();
        for (int j = 0; j < definition.sources().size(); j++) {
            String name = definition.sources().get(j);
            int at = j;
            chosen.add(sources.find(name)
                    .orElseThrow(() -> new InvalidScheduleException(
                            "pipeline.schedules[" + index + "].sources[" + at + "]",
                            "schedule '" + definition.name() + "' names the source '" + name
                                    + "', which is not configured; configured sources are " + sources.names())));
        }
        Ticks ticks = definition.cron() != null
                ? new Ticks.Cron(CronExpression.parse(definition.cron()), ZoneId.of(definition.zone()))
                : new Ticks.Every(definition.every());
        return new Schedule(definition, ticks, List.copyOf(chosen));
    }
}
