package dev.pipeline.cli;

import dev.pipeline.common.original.HttpUrls;
import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An absolute http(s) URL; anything else would only fail later with a less clear message. */
final class HttpUrlConverter implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        if (!HttpUrls.isAbsoluteHttp(value)) {
            throw new TypeConversionException("'" + value + "' is not an http(s) URL such as http://127.0.0.1:8080");
        }
        return URI.create(value);
    }
}
