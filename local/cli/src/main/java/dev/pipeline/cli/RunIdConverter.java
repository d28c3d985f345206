package dev.pipeline.cli;

import dev.pipeline.common.RunIds;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A run id as the services accept it ({@link RunIds}); it also becomes a URL path segment and a file name. */
final class RunIdConverter implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        if (!RunIds.isValid(value)) {
            throw new TypeConversionException("'" + value + "' is not a run id (" + RunIds.RULE + ")");
        }
        return value;
    }
}
