package dev.pipeline.cli.progress;

import dev.pipeline.cli.run.ProcessedRun;
import dev.pipeline.cli.run.RunSnapshot;
import dev.pipeline.cli.run.SourceProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One bar per source (items fetched, with its pages and errors beside it) and one for records
 * processed. A source's total is unknown until the fetch ends, so its bar runs open-ended until
 * then; the processed bar's total is what has been fetched so far.
 */
final class ProgressBars implements ProgressView {

    private final Map<String, ProgressBar> sources = new LinkedHashMap<>();
    private ProgressBar processed;

    @Override
    public void onProgress(RunSnapshot progress) {
        for (SourceProgress source : progress.fetch().sources()) {
            ProgressBar bar = sources.computeIfAbsent(source.name(), name -> bar(name, "items"));
            if (progress.fetch().fetched()) {
                bar.maxHint(source.items());
            }
            bar.stepTo(source.items());
            bar.setExtraMessage(sourceMessage(source));
        }
        if (processed == null) {
            processed = bar("processed", "records"); // created after the source bars, so it stays last
        }
        // products and error records both count: an invalid item ends as an error, yet it was processed
        long records = progress.productsProcessed() + progress.errorsProcessed();
        long total = Math.max(progress.fetch().itemsFetched(), records);
        processed.maxHint(total);
        // a complete run reports no counts, only its report: everything fetched has been processed
        processed.stepTo(progress.processed().filter(ProcessedRun::complete).isPresent() ? total : records);
        processed.setExtraMessage(progress.errorsProcessed() == 0 ? "" : progress.errorsProcessed() + " errors");
    }

    static String sourceMessage(SourceProgress source) {
        String pages = source.pages() + (source.pages() == 1 ? " page" : " pages");
        return source.errors() == 0
                ? pages
                : pages + ", " + source.errors() + (source.errors() == 1 ? " error" : " errors");
    }

    private static ProgressBar bar(String name, String unit) {
        return new ProgressBarBuilder()
                .setTaskName("%-16s".formatted(name))
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .hideEta()
                .build();
    }

    @Override
    public void close() {
        sources.values().forEach(ProgressBar::close);
        if (processed != null) {
            processed.close();
        }
    }
}
