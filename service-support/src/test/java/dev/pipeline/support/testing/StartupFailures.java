package dev.pipeline.support.testing;

import java.lang.reflect.Constructor;
import java.util.List;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * What Spring Boot prints when a service does not start because of a setting: the description of
 * its failure analysis, "Property: pipeline.tasks.consumers … Reason: must be greater than or
 * equal to 1". Tests assert on it, since that is what the operator reads.
 */
public final class StartupFailures {

    /** Boot's own analyzers of binding failures (package-private, so by name). */
    private static final List<String> ANALYZERS = List.of(
            "org.springframework.boot.diagnostics.analyzer.BindValidationFailureAnalyzer",
            "org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer");

    private StartupFailures() {}

    /** @throws AssertionError when no analyzer of binding failures takes it: it was no setting's fault */
    public static String describe(Throwable failure) {
        for (String name : ANALYZERS) {
            FailureAnalysis analysis = analyzer(name).analyze(failure);
            if (analysis != null) {
                return analysis.getDescription();
            }
        }
        throw new AssertionError("not a failure to bind a setting: " + failure, failure);
    }

    private static FailureAnalyzer analyzer(String name) {
        try {
            Constructor<?> constructor = Class.forName(name).getDeclaredConstructor();
            constructor.setAccessible(true);
            return (FailureAnalyzer) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no " + name + " in this Spring Boot", e);
        }
    }
}
