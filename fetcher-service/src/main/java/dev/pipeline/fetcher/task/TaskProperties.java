package dev.pipeline.fetcher.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How runs are shared out as fetch tasks: {@code pipeline.tasks.*}. The defaults are here and only
 * here (the task listener's concurrency reads {@code consumers} from this bean); a value out of
 * range stops the service at startup, naming the property.
 *
 * @param instanceId   this fetcher's name in task events and in its transactional ids; must differ
 *                     between running instances. Defaults to {@code <host>-<pid>}: unique on one
 *                     host, and the same again when a container (pid 1) restarts, which lets the new
 *                     process abort what the old one left open at once
 * @param consumers    tasks this instance works on at once, each on its own consumer thread (more
 *                     than its share of {@code partitions} stay idle)
 * @param itemsPerTask items a task aims at once a source's total is known: its pages are this
 *                     divided by the first page's item count, so that a task of tiny pages still
 *                     carries enough to be worth its transaction, and one of large pages no more
 *                     than a crash may have to redo
 * @param pagesPerTask pages in one task at most, whatever {@code itemsPerTask} asks for: bounds a
 *                     task's time, which must stay within its transaction's timeout
 * @param partitions   partitions of {@code pipeline.fetch-tasks}: at most this many instances' threads share the work
 * @param retries      times a failing task is tried again before it goes to the dead-letter topic
 * @param retryBackoff wait before the first retry, doubling after each
 */
@Validated
@ConfigurationProperties("pipeline.tasks")
public record TaskProperties(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "1-100 letters, digits, '.', '_' or '-'")
        String instanceId,

        @DefaultValue("4") @Min(1) @Max(64) int consumers,
        @DefaultValue("5000") @Min(1) @Max(1000000) int itemsPerTask,
        @DefaultValue("500") @Min(1) @Max(1000) int pagesPerTask,
        @DefaultValue("8") @Min(1) @Max(1000) int partitions,
        @DefaultValue("2") @NotNull @Min(0) @Max(10) Integer retries,
        @DefaultValue("1s") @NotNull @DurationMin(nanos = 0) Duration retryBackoff) {

    /** The default {@code <host>-<pid>} depends on where it runs, so it is computed, when the id is unset or empty. */
    public TaskProperties {
        instanceId = instanceId == null || instanceId.isEmpty() ? defaultInstanceId() : instanceId;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "fetcher";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-"
                + ProcessHandle.current().pid();
        return id.length() > 100 ? id.substring(id.length() - 100) : id;
    }
}
