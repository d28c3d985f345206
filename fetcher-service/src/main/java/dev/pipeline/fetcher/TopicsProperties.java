package dev.pipeline.fetcher;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the fetcher creates the topics when they do not exist yet: {@code pipeline.topics.*}.
 *
 * @param productsPartitions partitions of {@code pipeline.products}: the processor's parallelism
 * @param replicas           replication factor (1 for a single local broker)
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record TopicsProperties(
        @DefaultValue("3") @Min(1) @Max(1000) int productsPartitions,
        @DefaultValue("1") @Min(1) @Max(5) short replicas) {}
