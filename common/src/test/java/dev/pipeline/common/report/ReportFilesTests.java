package dev.pipeline.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportFilesTests {

    private static final Path OUT = Path.of("out");

    @Test
    void aRunsReportAndMarkerAreNamedAfterItAndNameItBack() {
        assertThat(ReportFiles.report(OUT, "run-1")).isEqualTo(OUT.resolve("run-1.json"));
        assertThat(ReportFiles.marker(OUT, "run-1")).isEqualTo(OUT.resolve("run-1.abandoned"));
        assertThat(ReportFiles.runIdOf("run-1.json")).isEqualTo("run-1");
        assertThat(ReportFiles.runIdOf("run-1.abandoned")).isEqualTo("run-1");
    }

    @Test
    void scratchFilesAreNeverTakenForAReportOrAMarker() {
        String scratch = ReportFiles.scratchName("run-1");
        Path temporaryReport = ReportFiles.temporaryReport(OUT, scratch);
        Path temporaryMarker = ReportFiles.temporaryMarker(OUT, "run-1");
        Path prices = ReportFiles.prices(OUT, scratch);

        for (Path file : new Path[] {temporaryReport, temporaryMarker, prices}) {
            String name = file.getFileName().toString();
            assertThat(ReportFiles.runIdOf(name)).as(name).isNull();
            assertThat(glob(ReportFiles.REPORTS_GLOB, file)).as(name).isFalse();
            assertThat(glob(ReportFiles.NOT_SCRATCH_GLOB, file)).as(name).isFalse();
            assertThat(glob(ReportFiles.scratchGlob("run-1"), file)).as(name).isTrue();
            assertThat(glob(ReportFiles.scratchGlob("run-10"), file))
                    .as(name + ", of another run")
                    .isFalse();
        }
        assertThat(ReportFiles.scratchName("run-1")).isNotEqualTo(scratch);
        assertThat(glob(ReportFiles.REPORTS_GLOB, ReportFiles.report(OUT, "run-1")))
                .isTrue();
    }

    @Test
    void namesThatHoldNoRunIdAreNoReportsOrMarkers() {
        assertThat(ReportFiles.runIdOf("notes.txt")).isNull();
        assertThat(ReportFiles.runIdOf(".json")).isNull();
        assertThat(ReportFiles.runIdOf("a b.json")).isNull();
        assertThat(ReportFiles.runIdOf("run-1.json.tmp")).isNull();
    }

    private static boolean glob(String glob, Path file) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(file.getFileName());
    }
}
