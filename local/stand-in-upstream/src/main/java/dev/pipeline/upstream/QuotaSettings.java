package dev.pipeline.upstream;

import java.time.Duration;

/**
 * The quota {@code /quota/products} starts with ({@code --quota-limit}, {@code --quota-window-seconds},
 * {@code --quota-style}); {@link StandInUpstream#quota()} changes it while running.
 */
public record QuotaSettings(int limit, Duration window, QuotaStyle style) {

    public static QuotaSettings defaults() {
        return new QuotaSettings(QuotaWindow.DEFAULT_LIMIT, QuotaWindow.DEFAULT_WINDOW, QuotaStyle.IETF);
    }
}
