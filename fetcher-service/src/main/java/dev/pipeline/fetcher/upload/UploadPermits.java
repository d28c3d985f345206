package dev.pipeline.fetcher.upload;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * The uploads this instance takes at once ({@code pipeline.upload.max-concurrent}): each holds a
 * permit from its request's arrival, before its body is read, until its run's last record is
 * published. A disk copy, a scan and a Kafka transaction each: a few at a time is what one instance
 * can carry without starving the fetch tasks.
 */
@Component
class UploadPermits {

    static final String ATTRIBUTE = UploadPermits.class.getName() + ".PERMIT";

    private final Semaphore permits;
    private final int max;

    UploadPermits(UploadProperties properties) {
        this.max = properties.maxConcurrent();
        this.permits = new Semaphore(max);
    }

    Optional<Permit> tryAcquire() {
        return permits.tryAcquire() ? Optional.of(new Permit()) : Optional.empty();
    }

    /** The permit {@link UploadAdmission} took for this request, if it did. */
    static Optional<Permit> of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Permit permit ? Optional.of(permit) : Optional.empty();
    }

    int max() {
        return max;
    }

    /** One upload's place; released once, by whoever is done with it last. */
    final class Permit {

        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean handedOver = new AtomicBoolean();

        /** The upload's run has it now, and releases it when it ends; the request no longer does. */
        void handOver() {
            handedOver.set(true);
        }

        boolean isHandedOver() {
            return handedOver.get();
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }
}
