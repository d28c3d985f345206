package dev.pipeline.fetcher;

import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.task.TaskProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Every topic this service creates, with its policies, created by Boot's KafkaAdmin when missing:
 * the products and run events runs publish, the fetch tasks the instances share, the tasks'
 * dead letters, the schedules' last ticks, the incremental sources' cursors, and the quotas APIs announced. Names and policies are {@link Topics}'; how many partitions and replicas is
 * {@code pipeline.topics.*} and, for the tasks, {@code pipeline.tasks.partitions}. In the root
 * package because it reads both: {@code task}, which owns the latter, itself uses {@code publish}.
 */
@Configuration(proxyBeanMethods = false)
class TopicsConfiguration {

    @Bean
    NewTopic productsTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.PRODUCTS)
                .partitions(topics.productsPartitions())
                .replicas(topics.replicas())
                .configs(Topics.productsConfig())
                .build();
    }

    @Bean
    NewTopic runsTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.RUNS)
                .partitions(topics.productsPartitions())
                .replicas(topics.replicas())
                .configs(Topics.runsConfig())
                .build();
    }

    @Bean
    NewTopic fetchTasksTopic(TaskProperties tasks, TopicsProperties topics) {
        return TopicBuilder.name(Topics.FETCH_TASKS)
                .partitions(tasks.partitions())
                .replicas(topics.replicas())
                .configs(Topics.tasksConfig())
                .build();
    }

    @Bean
    NewTopic fetchTasksDeadLetterTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.FETCH_TASKS_DLT)
                .partitions(1)
                .replicas(topics.replicas())
                .configs(Topics.deadLetterConfig())
                .build();
    }

    /** One partition, always: its owner in the scheduler group is the one instance that fires ticks. */
    @Bean
    NewTopic schedulesTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.SCHEDULES)
                .partitions(1)
                .replicas(topics.replicas())
                .configs(Topics.schedulesConfig())
                .build();
    }

    /** One partition: a run's start reads it whole, to its end. */
    @Bean
    NewTopic sourceStateTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.SOURCE_STATE)
                .partitions(1)
                .replicas(topics.replicas())
                .configs(Topics.sourceStateConfig())
                .build();
    }

    /** One partition: every instance reads all of it, without a group. */
    @Bean
    NewTopic sourceQuotaTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.SOURCE_QUOTA)
                .partitions(1)
                .replicas(topics.replicas())
                .configs(Topics.sourceQuotaConfig())
                .build();
    }
}
