package dev.pipeline.cli;

import java.net.URI;
import java.net.URISyntaxException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An absolute http(s) URL; anything else would only fail later with a less clear message. */
final class HttpUrlConverter implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        }
        catch (URISyntaxException ex) {
            // answered below, the same way as a URL without a scheme
        }
        throw new TypeConversionException("'" + value + "' is not an http(s) URL such as http://127.0.0.1:8080");
    }
}
