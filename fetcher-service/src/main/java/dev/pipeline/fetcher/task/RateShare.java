package dev.pipeline.fetcher.task;

import dev.pipeline.common.Topics;
import dev.pipeline.fetcher.fetch.PageClient;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each source's rate limit true across fetcher instances: an instance allows itself the
 * share of every source's configured limit that its share of the tasks partitions is. Tasks are
 * spread over the partitions by key, so an instance owning half of them gets about half of each
 * source's tasks and half of its rate; together the instances stay within the limit, as long as
 * each share is at least one request per period (it is never set lower).
 */
@Component
class RateShare implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(RateShare.class);

    private final PageClient client;
    private final Set<TopicPartition> owned = new HashSet<>();
    private int partitions;

    RateShare(PageClient client) {
        this.client = client;
    }

    /** Each of this instance's consumer threads calls in for its own partitions; one at a time. */
    @Override
    public synchronized void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        owned.addAll(assigned);
        // The topic's real partition count: it may have more than pipeline.tasks.partitions says.
        partitions = Math.max(1, consumer.partitionsFor(Topics.FETCH_TASKS).size());
        apply();
    }

    @Override
    public synchronized void onPartitionsRevokedAfterCommit(
            Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        owned.removeAll(revoked);
        apply();
    }

    @Override
    public synchronized void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        owned.removeAll(lost);
        apply();
    }

    private void apply() {
        int mine = owned.size();
        if (mine > 0) {
            int of = Math.max(partitions, mine);
            client.shareRateLimits(mine, of);
            log.info(
                    "this fetcher owns {} of {} task partitions: it takes that share of each source's rate limit",
                    mine,
                    of);
        }
    }
}
