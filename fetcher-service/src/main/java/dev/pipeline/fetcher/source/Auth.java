package dev.pipeline.fetcher.source;

import jakarta.validation.constraints.AssertTrue;

/**
 * How a source authenticates. Secrets are meant to come from the environment ({@code ${TOKEN}}
 * in the config) and are never logged, reported or shown: {@link #toString()} hides them, and an
 * API key sent in the query is removed from every URL the fetcher records.
 *
 * @param kind     none, api-key, bearer or basic
 * @param name     api-key: the header or query parameter name
 * @param in       api-key: header or query
 * @param value    api-key: the key; bearer: the token; basic: the password
 * @param username basic: the user name
 */
public record Auth(Kind kind, String name, In in, String value, String username) {

    public static final Auth NONE = new Auth(Kind.NONE, null, null, null, null);

    public enum Kind {
        NONE,
        API_KEY,
        BEARER,
        BASIC
    }

    public enum In {
        HEADER,
        QUERY
    }

    public Auth {
        kind = kind == null ? Kind.NONE : kind;
        in = in == null ? In.HEADER : in;
    }

    @AssertTrue(message = "api-key auth needs a name and a value; bearer a value; basic a username and a value")
    public boolean isComplete() {
        return switch (kind) {
            case NONE -> true;
            case API_KEY -> present(name) && present(value);
            case BEARER -> present(value);
            case BASIC -> present(username) && value != null;
        };
    }

    /** The query parameter that carries a secret, if any. */
    public String secretQueryParameter() {
        return kind == Kind.API_KEY && in == In.QUERY ? name : null;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    @Override
    public String toString() {
        return "Auth[kind=" + kind + ", name=" + name + ", in=" + in + ", value=***]";
    }
}
