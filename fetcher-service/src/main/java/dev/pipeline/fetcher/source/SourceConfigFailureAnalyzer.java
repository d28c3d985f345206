package dev.pipeline.fetcher.source;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Says which source is wrong by its name, not only by its index: "source 'shop'
 * (pipeline.sources[2]) pagination: offset-limit pagination needs a page-size".
 */
class SourceConfigFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

    private static final Pattern SOURCE_FIELD = Pattern.compile("sources\\[(\\d+)]\\.?(.*)");
    private static final Pattern SOURCE_NAME = Pattern.compile("pipeline\\.sources\\[(\\d+)]\\.name");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        ValidationErrors errors = cause.getValidationErrors();
        if (!"pipeline".equals(errors.getName().toString())) {
            return null;
        }
        if (errors.getAllErrors().stream().allMatch(SourceConfigFailureAnalyzer::isAboutASchedule)) {
            return null; // another pipeline.* list, such as pipeline.schedules: Boot's own analysis names its field
        }
        Map<String, String> names = new HashMap<>();
        for (ConfigurationProperty property : errors.getBoundProperties()) {
            Matcher name = SOURCE_NAME.matcher(property.getName().toString());
            if (name.matches()) {
                names.put(name.group(1), String.valueOf(property.getValue()));
            }
        }
        String problems = errors.getAllErrors().stream()
                .map(error -> describe(error, names))
                .collect(Collectors.joining("\n"));
        return new FailureAnalysis(
                "Invalid source configuration:\n" + problems,
                "Correct the sources above in application.yml or the sources file (README, \"Sources\").",
                cause);
    }

    private static boolean isAboutASchedule(ObjectError error) {
        return error instanceof FieldError field && field.getField().startsWith("schedules");
    }

    private static String describe(ObjectError error, Map<String, String> names) {
        String field = error instanceof FieldError fieldError ? fieldError.getField() : error.getObjectName();
        Matcher source = SOURCE_FIELD.matcher(field);
        if (!source.matches()) {
            return "  pipeline." + field + ": " + error.getDefaultMessage();
        }
        String where =
                "source '" + names.getOrDefault(source.group(1), "?") + "' (pipeline.sources[" + source.group(1) + "])";
        return "  " + where + (source.group(2).isEmpty() ? "" : " " + source.group(2)) + ": "
                + error.getDefaultMessage();
    }
}
