package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pipeline.fetcher.FetcherApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A wrong source configuration stops the service at startup, with a message naming the field. */
class SourceConfigurationTests {

    /** Properties as command-line arguments: they take precedence over application.yml, as a user's would. */
    private static void start(String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new);
        new SpringApplicationBuilder(FetcherApplication.class)
                .properties("spring.kafka.bootstrap-servers=127.0.0.1:1", "server.port=0", "logging.level.root=OFF")
                .run(args)
                .close();
    }

    @Test
    void anInvalidSourceNameIsNamed() {
        assertThatThrownBy(() -> start("pipeline.sources[0].name=Bad Name", "pipeline.sources[0].url=http://h/x"))
                .hasStackTraceContaining("pipeline.sources[0].name")
                .hasStackTraceContaining(
                        "must be 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
    }

    @Test
    void offsetPagingWithoutAPageSizeIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].pagination.kind=offset-limit"))
                .hasStackTraceContaining("pipeline.sources[0].pagination")
                .hasStackTraceContaining("offset-limit pagination needs a page-size");
    }

    @Test
    void anItemShapedByIncludeAndExcludeAtOnceIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].fields.item.include=id,title",
                        "pipeline.sources[0].fields.item.exclude=images"))
                .hasStackTraceContaining("pipeline.sources[0].fields.item")
                .hasStackTraceContaining("item: include and exclude cannot both be set");
    }

    @Test
    void anItemLeftOutButShapedIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].fields.item.keep=false",
                        "pipeline.sources[0].fields.item.exclude=images"))
                .hasStackTraceContaining("pipeline.sources[0].fields.item")
                .hasStackTraceContaining("item.keep: false leaves the item out");
    }

    @Test
    void anItemCapBelowAnEmptyObjectIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].fields.item.max-size=1B"))
                .hasStackTraceContaining("pipeline.sources[0].fields.item")
                .hasStackTraceContaining("item.max-size must be at least 2B");
    }

    @Test
    void anItemCapOverWhatKafkaTakesInOneRecordIsNamed() {
        // An item of 900KB would make a record over the producer's 1MB max.request.size: its send
        // fails and with it the whole task, not just the item.
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].fields.item.max-size=900KB"))
                .hasStackTraceContaining("pipeline.sources[0].fields.item")
                .hasStackTraceContaining("at most 512KB");
    }

    @Test
    void anAttributeNamedAsAReportKeyIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].fields.attributes.price=/cost"))
                .hasStackTraceContaining("pipeline.sources[0].fields")
                .hasStackTraceContaining("not one of the report row's own keys");
    }

    @Test
    void aRelativeUrlIsNamed() {
        assertThatThrownBy(() -> start("pipeline.sources[0].name=shop", "pipeline.sources[0].url=/just/a/path"))
                .hasStackTraceContaining("pipeline.sources[0]")
                .hasStackTraceContaining("url must be an absolute http(s) URL");
    }

    @Test
    void anIncrementalSourceWithoutAPlaceForItsCursorIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].incremental.cursor-field=/updatedAt",
                        "pipeline.sources[0].incremental.lookback=an hour"))
                .hasStackTraceContaining("pipeline.sources[0].cursorPlacedOnce")
                .hasStackTraceContaining("incremental needs exactly one of incremental.parameter")
                .hasStackTraceContaining("pipeline.sources[0].incremental.lookbackValid")
                .hasStackTraceContaining("incremental.lookback must be an ISO-8601 duration");
    }

    @Test
    void aBackfillStepWithoutAnEndOrWithATinyCapStopsTheStartNamingTheField() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].incremental.cursor-field=/updatedAt",
                        "pipeline.sources[0].incremental.parameter=updated_after",
                        "pipeline.sources[0].incremental.start=2026-01-01T00:00:00Z",
                        "pipeline.sources[0].incremental.step=P1D",
                        "pipeline.sources[0].incremental.max-windows=0"))
                .hasStackTraceContaining("pipeline.sources[0].incremental.stepEnded")
                .hasStackTraceContaining("incremental.step needs incremental.end")
                .hasStackTraceContaining("pipeline.sources[0].incremental.maxWindowsValid")
                .hasStackTraceContaining("incremental.max-windows must be at least 1");
    }

    @Test
    void anIncompleteAuthIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].auth.kind=bearer"))
                .hasStackTraceContaining("pipeline.sources[0].auth")
                .hasStackTraceContaining("bearer a value");
    }

    @Test
    void aQualityGateOutOfRangeIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].expect.max-invalid-ratio=1.5"))
                .hasStackTraceContaining("pipeline.sources[0].expect.maxInvalidRatio")
                .hasStackTraceContaining("expect.max-invalid-ratio must be a ratio between 0 and 1");
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].expect.max-drop-vs-last-run=-0.1"))
                .hasStackTraceContaining("pipeline.sources[0].expect.maxDropVsLastRun")
                .hasStackTraceContaining("expect.max-drop-vs-last-run must be a ratio between 0 and 1");
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].expect.min-items=-1"))
                .hasStackTraceContaining("pipeline.sources[0].expect.minItems")
                .hasStackTraceContaining("expect.min-items must be 0 or more");
    }

    @Test
    void theUploadNameIsReserved() {
        assertThatThrownBy(() -> start("pipeline.sources[0].name=upload", "pipeline.sources[0].url=http://h/x"))
                .hasStackTraceContaining("the source name 'upload' is reserved for uploaded files");
    }

    @Test
    void anUnknownPaginationKindIsNamed() {
        assertThatThrownBy(() -> start(
                        "pipeline.sources[0].name=shop",
                        "pipeline.sources[0].url=http://h/x",
                        "pipeline.sources[0].pagination.kind=sideways"))
                .hasStackTraceContaining("pipeline.sources[0].pagination.kind");
    }

    @Test
    void theFailureNamesTheSourceByItsName() {
        Throwable failure = catchThrowable(() -> start(
                "pipeline.sources[0].name=shop",
                "pipeline.sources[0].url=http://h/x",
                "pipeline.sources[0].pagination.kind=offset-limit"));
        BindValidationException invalid = findCause(failure, BindValidationException.class);
        FailureAnalysis analysis = new SourceConfigFailureAnalyzer().analyze(failure, invalid);
        assertThat(analysis.getDescription())
                .contains(
                        "source 'shop' (pipeline.sources[0]) pagination.", "offset-limit pagination needs a page-size");
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    @Test
    void anUnreadableArgsFileIsNamed(@TempDir Path dir) throws IOException {
        Path args = Files.writeString(dir.resolve("args.json"), "{\"url\": \"not a list\"}");
        assertThatThrownBy(() -> start("pipeline.args-file=" + args))
                .hasStackTraceContaining("pipeline.args-file")
                .hasStackTraceContaining("JSON array");
    }

    @Test
    void aPagedFlagTheOriginalWouldNotTakeIsNamedWithItsUrlOption() {
        assertThatThrownBy(() -> start("pipeline.urls=http://h/x?page={page}|shop|maybe"))
                .hasStackTraceContaining("pipeline.urls[0] 'http://h/x?page={page}|shop|maybe': paged must be "
                        + "true/false, yes/no, on/off or an integer (0 is false), not 'maybe'");
    }

    @Test
    void aPagedFlagTheOriginalWouldNotTakeIsNamedWithItsArgsFileEntry(@TempDir Path dir) throws IOException {
        Path args = Files.writeString(dir.resolve("args.json"), """
                [{"url": "http://h/a", "paged": "1"}, {"url": "http://h/b?page={page}", "paged": 1.5}]""");
        assertThatThrownBy(() -> start("pipeline.args-file=" + args))
                .hasStackTraceContaining("pipeline.args-file " + args + ", entry 2: \"paged\" must be "
                        + "true/false, yes/no, on/off or an integer (0 is false), not 1.5");
    }
}
