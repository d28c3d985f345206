package dev.pipeline.processor.run;

import dev.pipeline.common.Topics;
import dev.pipeline.processor.ProcessorProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when {@code pipeline.processor.abandon-after} is not well under how long
 * {@code pipeline.products} keeps a record nobody has read: its {@code min.compaction.lag.ms} (a
 * later run's record of the same product may supersede it after that), and its {@code retention.ms}
 * where its policy also deletes. A run still open here must be readable again after a restart, and
 * one may stay open until {@code abandon-after} after its last activity; half the lag leaves the other
 * half for the processor to be down and catch up. The topic's settings are read from the broker
 * before any record is; a topic not created yet will be created by the fetcher with
 * {@link Topics#productsConfig()}, which is what is checked then, and so it is when the broker does
 * not answer in time (said in a warning).
 */
@Component
class AbandonAfterCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AbandonAfterCheck.class);
    private static final Duration ASK_FOR = Duration.ofSeconds(10);

    private final ProcessorProperties properties;
    private final KafkaAdmin kafkaAdmin;

    AbandonAfterCheck(ProcessorProperties properties, KafkaAdmin kafkaAdmin) {
        this.properties = properties;
        this.kafkaAdmin = kafkaAdmin;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(properties.abandonAfter(), productsTopicConfig());
    }

    /**
     * @param config the products topic's {@code cleanup.policy}, {@code min.compaction.lag.ms} and
     *               {@code retention.ms}, plus {@code source}: where they were read
     * @throws AbandonAfterTooLongException naming the property, the topic's setting and the longest allowed
     */
    static void check(Duration abandonAfter, Map<String, String> config) {
        String policy = config.getOrDefault("cleanup.policy", "delete");
        Duration kept = null;
        String because = null;
        if (policy.contains("compact")) {
            kept = Duration.ofMillis(Long.parseLong(config.getOrDefault("min.compaction.lag.ms", "0")));
            because = "min.compaction.lag.ms = " + kept.toMillis();
        }
        long retention = Long.parseLong(config.getOrDefault("retention.ms", "-1"));
        if (policy.contains("delete") && retention >= 0 && (kept == null || retention < kept.toMillis())) {
            kept = Duration.ofMillis(retention);
            because = "retention.ms = " + retention;
        }
        if (kept != null && abandonAfter.compareTo(kept.dividedBy(2)) > 0) {
            throw new AbandonAfterTooLongException(
                    kept.dividedBy(2),
                    "pipeline.processor.abandon-after (" + abandonAfter + ") must be at most half of how long "
                            + Topics.PRODUCTS + " keeps a record unread (cleanup.policy = " + policy + ", " + because
                            + ", " + config.get("source") + "), so at most " + kept.dividedBy(2)
                            + ": a run open here until abandon-after after its last activity must still be readable "
                            + "after a restart");
        }
    }

    private Map<String, String> productsTopicConfig() {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PRODUCTS);
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            Config config = admin.describeConfigs(
                            List.of(topic), new DescribeConfigsOptions().timeoutMs((int) ASK_FOR.toMillis()))
                    .all()
                    .get(ASK_FOR.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                    .get(topic);
            return Map.of(
                    "cleanup.policy",
                    value(config, "cleanup.policy", "delete"),
                    "min.compaction.lag.ms",
                    value(config, "min.compaction.lag.ms", "0"),
                    "retention.ms",
                    value(config, "retention.ms", "-1"),
                    "source",
                    "as the broker has it");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return asTheFetcherCreatesIt("not created yet: as the fetcher will create it");
            }
            log.warn(
                    "the settings of {} could not be read ({}): abandon-after is checked against the defaults only",
                    Topics.PRODUCTS,
                    e.getCause().toString());
            return asTheFetcherCreatesIt("the fetcher's defaults: the broker's could not be read");
        } catch (TimeoutException e) {
            log.warn(
                    "the broker did not tell the settings of {} within {}: abandon-after is checked against the "
                            + "defaults only",
                    Topics.PRODUCTS,
                    ASK_FOR);
            return asTheFetcherCreatesIt("the fetcher's defaults: the broker did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the settings of " + Topics.PRODUCTS, e);
        }
    }

    private static Map<String, String> asTheFetcherCreatesIt(String source) {
        Map<String, String> defaults = Topics.productsConfig();
        return Map.of(
                "cleanup.policy",
                defaults.get("cleanup.policy"),
                "min.compaction.lag.ms",
                defaults.get("min.compaction.lag.ms"),
                "retention.ms",
                "-1",
                "source",
                source);
    }

    private static String value(Config config, String name, String otherwise) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? otherwise : entry.value();
    }

    /** {@code abandon-after} is too long for the products topic's settings: the service must not start. */
    static final class AbandonAfterTooLongException extends IllegalStateException {

        private final Duration longestAllowed;

        AbandonAfterTooLongException(Duration longestAllowed, String message) {
            super(message);
            this.longestAllowed = longestAllowed;
        }

        Duration longestAllowed() {
            return longestAllowed;
        }
    }
}
