package dev.pipeline.fetcher.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Refuses at startup a request body given as a YAML object ({@code body:},
 * {@code graphql.variables:}) that Spring's binding would change before it is sent: a key with a
 * character other than a letter, digit, {@code -} or {@code _} outside brackets ({@code $gt},
 * {@code @timestamp}: the binder drops the character), and an empty value (a YAML {@code []},
 * {@code null} and {@code ""} all reach the binder as {@code ""}). The message names the property
 * and says to give the body as JSON text ({@code body-json}, {@code graphql.variables-json}),
 * which is sent as written. A dotted key ({@code "user.name"}) cannot be told from nesting here:
 * the documentation says it needs the JSON text too.
 */
final class BodyPropertyNames {

    private static final Pattern BODY_PROPERTY =
            Pattern.compile("(pipeline\\.sources\\[\\d+]\\.(?:body|graphql\\.variables))([.\\[].*)");

    /** Keys in brackets ({@code "[$gt]"}) and list indexes reach the map as they are. */
    private static final Pattern BRACKETED = Pattern.compile("\\[[^]]*]");

    private static final Pattern KEPT = Pattern.compile("[A-Za-z0-9._-]*");

    private BodyPropertyNames() {}

    /**
     * @throws IllegalStateException naming the first property of a body that would be sent changed
     */
    static void check(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                for (String name : names.getPropertyNames()) {
                    check(name, names.getProperty(name));
                }
            }
        }
    }

    private static void check(String name, Object value) {
        Matcher body = BODY_PROPERTY.matcher(name);
        if (!body.matches()) {
            return;
        }
        String asJson = body.group(1) + "-json";
        if (!KEPT.matcher(BRACKETED.matcher(body.group(2)).replaceAll("")).matches()) {
            throw new IllegalStateException(name + ": Spring's binding would send this key changed (it drops"
                    + " characters such as $ and @ from keys); give the body as JSON text in " + asJson
                    + ", which is sent as written");
        }
        if (value != null && value.toString().isEmpty()) {
            throw new IllegalStateException(name + ": an empty list, a null and \"\" all reach Spring's binding as \"\""
                    + " and could not be sent as written; give the body as JSON text in " + asJson);
        }
    }
}
