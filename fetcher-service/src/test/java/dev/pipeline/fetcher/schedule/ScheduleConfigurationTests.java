package dev.pipeline.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.fetcher.source.SourcesProperties;
import dev.pipeline.support.testing.StartupFailures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code pipeline.schedules}: the documented defaults, and a wrong setting stops the start naming it. */
class ScheduleConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class)
            .withBean(Schedules.class)
            .withPropertyValues(
                    "pipeline.sources[0].name=shop",
                    "pipeline.sources[0].url=http://api.test/items",
                    "pipeline.sources[1].name=blog",
                    "pipeline.sources[1].url=http://api.test/posts",
                    "pipeline.schedules[0].name=hourly",
                    "pipeline.schedules[0].sources[0]=shop");

    @EnableConfigurationProperties({SchedulesProperties.class, SourcesProperties.class})
    static class Properties {}

    @Test
    void noSchedulesUnlessSet() {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class)
                .withPropertyValues("pipeline.sources[0].name=shop", "pipeline.sources[0].url=http://api.test/items")
                .run(context -> assertThat(
                                context.getBean(SchedulesProperties.class).schedules())
                        .isEmpty());
    }

    @Test
    void unsetTheyAreTheDocumentedDefaults() {
        runner.withPropertyValues("pipeline.schedules[0].every=1h").run(context -> {
            assertThat(context.getBean(SchedulesProperties.class).schedules())
                    .containsExactly(new ScheduleDefinition(
                            "hourly",
                            null,
                            Duration.ofHours(1),
                            "UTC",
                            List.of("shop"),
                            Missed.SKIP,
                            Duration.ofMinutes(1)));
            assertThat(context.getBean(Schedules.class).all().getFirst().sources())
                    .extracting(s -> s.name())
                    .containsExactly("shop");
        });
    }

    @Test
    void aCronInAZoneThatRunsMissedTicksOnce() {
        runner.withPropertyValues(
                        "pipeline.schedules[0].cron=0 0 9 * * MON-FRI",
                        "pipeline.schedules[0].zone=Europe/Berlin",
                        "pipeline.schedules[0].missed=run-once",
                        "pipeline.schedules[0].sources[1]=blog")
                .run(context -> {
                    Schedule schedule = context.getBean(Schedules.class).all().getFirst();
                    assertThat(schedule.definition().missed()).isEqualTo(Missed.RUN_ONCE);
                    assertThat(schedule.ticks()).isInstanceOf(Ticks.Cron.class);
                    assertThat(schedule.sources()).extracting(s -> s.name()).containsExactly("shop", "blog");
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "pipeline.schedules[0].name=Hourly;        pipeline.schedules[0].name;     must be 1-47 lower-case letters",
                "pipeline.schedules[0].cron=0 0 9 * *;     pipeline.schedules[0];          cron must be six fields",
                "pipeline.schedules[0].every=500ms;        pipeline.schedules[0];          every must be at least 1s",
                "pipeline.schedules[0].zone=Mars/Olympus;  pipeline.schedules[0];          zone must be a time-zone id",
                "pipeline.schedules[0].grace=-1s;          pipeline.schedules[0].grace;    must be longer than or equal to 0",
                "pipeline.schedules[0].sources=;           pipeline.schedules[0].sources;  must not be empty",
            })
    void aWrongSettingStopsTheStartNamingIt(String setting, String property, String reason) {
        runner.withPropertyValues("pipeline.schedules[0].every=1h")
                .withPropertyValues(setting)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(StartupFailures.describe(context.getStartupFailure()))
                            .contains(property)
                            .contains(reason);
                });
    }

    @Test
    void neitherCronNorEveryOrBothIsNamed() {
        runner.run(context -> assertThat(StartupFailures.describe(context.getStartupFailure()))
                .contains("pipeline.schedules[0]")
                .contains("set either cron or every, not both"));
        runner.withPropertyValues("pipeline.schedules[0].every=1h", "pipeline.schedules[0].cron=0 0 * * * *")
                .run(context -> assertThat(StartupFailures.describe(context.getStartupFailure()))
                        .contains("set either cron or every, not both"));
    }

    @Test
    void anUnknownMissedPolicyIsNamed() {
        runner.withPropertyValues("pipeline.schedules[0].every=1h", "pipeline.schedules[0].missed=sometimes")
                .run(context -> assertThat(StartupFailures.describe(context.getStartupFailure()))
                        .contains("pipeline.schedules[0].missed"));
    }

    @Test
    void twoSchedulesOfOneNameAreRefused() {
        runner.withPropertyValues(
                        "pipeline.schedules[0].every=1h",
                        "pipeline.schedules[1].name=hourly",
                        "pipeline.schedules[1].every=2h",
                        "pipeline.schedules[1].sources[0]=shop")
                .run(context -> assertThat(StartupFailures.describe(context.getStartupFailure()))
                        .contains("schedule names must be unique"));
    }

    @Test
    void aSourceThatIsNotConfiguredIsNamedWithTheSetting() {
        runner.withPropertyValues("pipeline.schedules[0].every=1h", "pipeline.schedules[0].sources[1]=shoes")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ScheduleConfigFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("pipeline.schedules[0].sources[1]")
                            .contains("'shoes', which is not configured; configured sources are [shop, blog]");
                });
    }
}
