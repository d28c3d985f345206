package dev.pipeline.fetcher.schedule;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The schedules, {@code pipeline.schedules[*]}; none unless set. Which sources they name is checked
 * against the configured ones when the service starts ({@link Schedules}), since sources may also
 * come from a file.
 */
@Validated
@ConfigurationProperties("pipeline")
public record SchedulesProperties(List<@Valid ScheduleDefinition> schedules) {

    public SchedulesProperties {
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
    }

    /** Named {@code schedules...} so that a failure to start says it is about the schedules. */
    @AssertTrue(message = "schedule names must be unique")
    public boolean isSchedulesUniquelyNamed() {
        return schedules.stream().map(ScheduleDefinition::name).allMatch(new HashSet<>()::add);
    }
}
