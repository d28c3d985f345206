package dev.pipeline.processor.ingest;

import dev.pipeline.processor.report.OutageChanged;
import dev.pipeline.processor.report.RunCompletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Pauses every listener container while reports cannot be written (a full or read-only disk) and
 * resumes them when they can. Paused consumers keep their partitions and keep polling (so the group
 * does not rebalance them away) but get no records; offsets stay where the commit protocol put
 * them, before the first record of every unreported run. Events may arrive out of order from
 * different threads, so each one applies the state as it is now, not what the event said.
 */
@Component
class ConsumptionPause {

    private static final Logger log = LoggerFactory.getLogger(ConsumptionPause.class);

    private final KafkaListenerEndpointRegistry registry;
    private final RunCompletion completion;

    ConsumptionPause(KafkaListenerEndpointRegistry registry, RunCompletion completion) {
        this.registry = registry;
        this.completion = completion;
    }

    @EventListener
    synchronized void onOutage(OutageChanged changed) {
        boolean blocked = completion.blockedBy().isPresent();
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            if (blocked && !container.isPauseRequested()) {
                container.pause();
                log.warn("listener {} paused", container.getListenerId());
            } else if (!blocked && container.isPauseRequested()) {
                container.resume();
                log.info("listener {} resumed", container.getListenerId());
            }
        }
    }
}
