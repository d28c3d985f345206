package dev.pipeline.fetcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.task.TaskProperties;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every topic the fetcher creates, declared in one class, with the policies {@link Topics} gives. */
class TopicsConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(TopicsConfiguration.class)
            .withUserConfiguration(Properties.class);

    @EnableConfigurationProperties({TopicsProperties.class, TaskProperties.class})
    static class Properties {}

    @Test
    void theFetcherCreatesItsTopicsWithTheirPoliciesAndTheConfiguredPartitions() {
        runner.withPropertyValues(
                        "pipeline.topics.products-partitions=5",
                        "pipeline.topics.replicas=2",
                        "pipeline.tasks.partitions=12")
                .run(context -> {
                    Map<String, NewTopic> topics = context.getBeansOfType(NewTopic.class).values().stream()
                            .collect(Collectors.toMap(NewTopic::name, Function.identity()));

                    assertThat(topics)
                            .containsOnlyKeys(
                                    Topics.PRODUCTS,
                                    Topics.RUNS,
                                    Topics.FETCH_TASKS,
                                    Topics.FETCH_TASKS_DLT,
                                    Topics.SCHEDULES,
                                    Topics.SOURCE_STATE,
                                    Topics.SOURCE_QUOTA);
                    assertTopic(topics.get(Topics.PRODUCTS), 5, Topics.productsConfig());
                    assertTopic(topics.get(Topics.RUNS), 5, Topics.runsConfig());
                    assertTopic(topics.get(Topics.FETCH_TASKS), 12, Topics.tasksConfig());
                    assertTopic(topics.get(Topics.FETCH_TASKS_DLT), 1, Topics.deadLetterConfig());
                    assertTopic(topics.get(Topics.SCHEDULES), 1, Topics.schedulesConfig());
                    assertTopic(topics.get(Topics.SOURCE_STATE), 1, Topics.sourceStateConfig());
                    assertTopic(topics.get(Topics.SOURCE_QUOTA), 1, Topics.sourceQuotaConfig());
                });
    }

    @Test
    void noOtherClassDeclaresATopic() {
        methods()
                .that()
                .haveRawReturnType(NewTopic.class)
                .should()
                .beDeclaredIn(TopicsConfiguration.class)
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.pipeline.fetcher"));
    }

    private static void assertTopic(NewTopic topic, int partitions, Map<String, String> configs) {
        assertThat(topic.numPartitions()).as(topic.name()).isEqualTo(partitions);
        assertThat(topic.replicationFactor()).as(topic.name()).isEqualTo((short) 2);
        assertThat(topic.configs()).as(topic.name()).isEqualTo(configs);
    }
}
