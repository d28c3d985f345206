package dev.pipeline.common.report;

import dev.pipeline.common.RunIds;
import java.nio.file.Path;
import java.util.UUID;

/**
 * How the files of the output directory are named. A run's report is {@code <runId>.json}, a run
 * given up has a marker {@code <runId>.abandoned} instead; whatever is written on the way there is a
 * scratch file, {@code .<runId>.<uuid>...}, which begins with a dot: a run id never does, so no
 * reader takes a scratch file for a report or a marker, and the scratch files of a run are found by
 * its id.
 */
public final class ReportFiles {

    public static final String REPORT_SUFFIX = ".json";
    /** A run id has no dot, so a marker can never be taken for a report. */
    public static final String MARKER_SUFFIX = ".abandoned";
    /** The reports of a directory, for {@link java.nio.file.Files#newDirectoryStream(Path, String)}. */
    public static final String REPORTS_GLOB = "[!.]*" + REPORT_SUFFIX;
    /** Every file of a directory that is not a scratch file. */
    public static final String NOT_SCRATCH_GLOB = "[!.]*";

    private ReportFiles() {}

    public static Path report(Path directory, String runId) {
        return directory.resolve(runId + REPORT_SUFFIX);
    }

    public static Path marker(Path directory, String runId) {
        return directory.resolve(runId + MARKER_SUFFIX);
    }

    /** A new name for scratch files of the run, {@code .<runId>.<uuid>}: one writer's, unique. */
    public static String scratchName(String runId) {
        return "." + runId + "." + UUID.randomUUID();
    }

    /** Where a report is written before it is renamed to {@link #report}. */
    public static Path temporaryReport(Path directory, String scratchName) {
        return directory.resolve(scratchName + REPORT_SUFFIX + ".tmp");
    }

    /** The prices of a run being reported, spilled for its median. */
    public static Path prices(Path directory, String scratchName) {
        return directory.resolve(scratchName + ".prices");
    }

    /** The product rows of a run being reported, copied out of its store in the pass that makes its figures. */
    public static Path rows(Path directory, String scratchName) {
        return directory.resolve(scratchName + ".rows");
    }

    /** Where a marker is written before it is renamed to {@link #marker}. */
    public static Path temporaryMarker(Path directory, String runId) {
        return directory.resolve(scratchName(runId) + MARKER_SUFFIX + ".tmp");
    }

    /** Every scratch file of the run, for {@link java.nio.file.Files#newDirectoryStream(Path, String)}. */
    public static String scratchGlob(String runId) {
        return "." + runId + ".*";
    }

    public static boolean isReport(String fileName) {
        return fileName.endsWith(REPORT_SUFFIX);
    }

    /** The run a report's or a marker's file name is of; {@code null} when the name is neither's. */
    public static String runIdOf(String fileName) {
        String runId = null;
        if (fileName.endsWith(REPORT_SUFFIX)) {
            runId = fileName.substring(0, fileName.length() - REPORT_SUFFIX.length());
        } else if (fileName.endsWith(MARKER_SUFFIX)) {
            runId = fileName.substring(0, fileName.length() - MARKER_SUFFIX.length());
        }
        return RunIds.isValid(runId) ? runId : null;
    }
}
