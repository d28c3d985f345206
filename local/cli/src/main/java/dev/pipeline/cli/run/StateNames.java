package dev.pipeline.cli.run;

/**
 * How the CLI shows a service's run state ({@code FetchState}, {@code ReportState}): by its name, and
 * one this CLI does not know (a newer service's, read as {@code null}) as {@value #UNKNOWN}.
 */
final class StateNames {

    static final String UNKNOWN = "UNKNOWN";

    private StateNames() {}

    static String of(Enum<?> state) {
        return state == null ? UNKNOWN : state.name();
    }
}
