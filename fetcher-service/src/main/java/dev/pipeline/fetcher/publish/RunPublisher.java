package dev.pipeline.fetcher.publish;

import dev.pipeline.common.RunEvent;
import dev.pipeline.common.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;

/** Opens a {@link RunSink} per run, once the run's start is on Kafka. */
@Component
public class RunPublisher {

    private final KafkaTemplate<String, Object> kafka;

    RunPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Publishes the run's first event and waits for it, so nothing of the run can precede it. */
    public RunSink start(RunEvent.Started started) throws RunPublishException, InterruptedException {
        try {
            kafka.send(Topics.RUNS, started.runId(), started).get();
        } catch (ExecutionException e) {
            throw new RunPublishException(started.runId(), e.getCause());
        }
        return new RunSink(started.runId(), kafka);
    }
}
