package dev.pipeline.fetcher.task;

import dev.pipeline.fetcher.fetch.PageClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each source's rate limit true across fetcher instances: an instance allows itself the
 * share of every source's configured limit that its share of the tasks partitions is. Tasks are
 * spread over the partitions by key, so an instance owning half of them gets about half of each
 * source's tasks and half of its rate; together the instances stay within the limit.
 */
@Component
class RateShare implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(RateShare.class);

    private final PageClient client;
    private final TaskProperties properties;
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

    RateShare(PageClient client, TaskProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
        apply();
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        apply();
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        apply();
    }

    private void apply() {
        int mine = owned.size();
        if (mine > 0) {
            client.shareRateLimits(mine, properties.partitions());
            log.info("this fetcher owns {} of {} task partitions: it takes that share of each source's rate limit",
                    mine, properties.partitions());
        }
    }
}
