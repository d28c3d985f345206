package dev.pipeline.cli;

import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A run id as the services accept it; it also becomes a URL path segment and a file name. */
final class RunIdConverter implements ITypeConverter<String> {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Override
    public String convert(String value) {
        if (!RUN_ID.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not a run id (1-64 letters, digits, '-' or '_')");
        }
        return value;
    }
}
