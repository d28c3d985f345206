package dev.pipeline.fetcher.publish;

import dev.pipeline.common.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics this service writes, created with their policies by Boot's KafkaAdmin when missing. */
@Configuration(proxyBeanMethods = false)
class TopicsConfiguration {

    @Bean
    NewTopic productsTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.PRODUCTS).partitions(topics.productsPartitions()).replicas(topics.replicas())
                .configs(Topics.productsConfig()).build();
    }

    @Bean
    NewTopic runsTopic(TopicsProperties topics) {
        return TopicBuilder.name(Topics.RUNS).partitions(topics.productsPartitions()).replicas(topics.replicas())
                .configs(Topics.runsConfig()).build();
    }
}
