package dev.pipeline.fetcher.source;

import dev.pipeline.common.original.HttpUrls;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Null;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How a source authenticates. Secrets are meant to come from the environment ({@code ${TOKEN}}
 * in the config) or from a file ({@code file:/run/secrets/token}, read at startup: see
 * {@link SecretFiles}), and are never logged, reported or shown: {@link #toString()} hides them,
 * an API key sent in the query is removed from every URL the fetcher records, and an OAuth2
 * access token exists only in the requests it is sent with.
 *
 * @param kind         none, api-key, bearer, basic or oauth2-client-credentials
 * @param name         api-key: the header or query parameter name
 * @param in           api-key: header or query
 * @param value        api-key: the key; bearer: the token; basic: the password (or {@code file:})
 * @param username     basic: the user name
 * @param tokenUrl     oauth2-client-credentials: the token endpoint (RFC 6749 §4.4)
 * @param clientId     oauth2-client-credentials: the client's id (or {@code file:})
 * @param clientSecret oauth2-client-credentials: the client's secret (or {@code file:})
 * @param scopes       oauth2-client-credentials: the scopes asked for, none when empty
 * @param audience     oauth2-client-credentials: the {@code audience} some providers (Auth0, Okta)
 *                     want in the token request; none when absent
 * @param clientAuthentication oauth2-client-credentials: how the client authenticates at the
 *                     token endpoint, {@code basic} (HTTP Basic, RFC 6749 §2.3.1's default) unless
 *                     {@code body} (client_id and client_secret as form fields)
 */
public record Auth(
        Kind kind,
        String name,
        In in,
        String value,
        String username,
        String tokenUrl,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String audience,
        ClientAuthentication clientAuthentication) {

    public static final Auth NONE = new Auth(Kind.NONE, null, null, null, null);

    public enum Kind {
        NONE,
        API_KEY,
        BEARER,
        BASIC,
        OAUTH2_CLIENT_CREDENTIALS
    }

    public enum In {
        HEADER,
        QUERY
    }

    public enum ClientAuthentication {
        BASIC,
        BODY
    }

    @ConstructorBinding
    public Auth {
        kind = kind == null ? Kind.NONE : kind;
        in = in == null ? In.HEADER : in;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        clientAuthentication = clientAuthentication == null ? ClientAuthentication.BASIC : clientAuthentication;
        value = SecretFiles.resolve(value);
        clientId = SecretFiles.resolve(clientId);
        clientSecret = SecretFiles.resolve(clientSecret);
    }

    /** A static credential: api-key, bearer or basic. */
    public Auth(Kind kind, String name, In in, String value, String username) {
        this(kind, name, in, value, username, null, null, null, null, null, null);
    }

    /** OAuth2 client credentials. */
    public static Auth clientCredentials(
            String tokenUrl, String clientId, String clientSecret, List<String> scopes, String audience) {
        return new Auth(
                Kind.OAUTH2_CLIENT_CREDENTIALS,
                null,
                null,
                null,
                null,
                tokenUrl,
                clientId,
                clientSecret,
                scopes,
                audience,
                null);
    }

    @AssertTrue(message = "api-key auth needs a name and a value; bearer a value; basic a username and a value")
    public boolean isComplete() {
        return switch (kind) {
            case NONE, OAUTH2_CLIENT_CREDENTIALS -> true;
            case API_KEY -> present(name) && present(value);
            case BEARER -> present(value);
            case BASIC -> present(username) && value != null;
        };
    }

    @AssertTrue(message = "oauth2-client-credentials auth needs a token-url: an absolute http(s) URL")
    public boolean isTokenUrlGiven() {
        return kind != Kind.OAUTH2_CLIENT_CREDENTIALS || HttpUrls.isSourceUrl(tokenUrl);
    }

    @AssertTrue(message = "oauth2-client-credentials auth needs a client-id and a client-secret")
    public boolean isClientGiven() {
        return kind != Kind.OAUTH2_CLIENT_CREDENTIALS || (present(clientId) && present(clientSecret));
    }

    /** A forgotten {@code kind:} would otherwise silently mean no auth at all. */
    @AssertTrue(
            message = "token-url, client-id, client-secret, scopes and audience are for"
                    + " kind: oauth2-client-credentials only")
    public boolean isClientCredentialsKind() {
        return kind == Kind.OAUTH2_CLIENT_CREDENTIALS
                || (tokenUrl == null
                        && clientId == null
                        && clientSecret == null
                        && scopes.isEmpty()
                        && audience == null);
    }

    /**
     * Null, or which {@code file:} secret could not be read at startup and why: "client-secret: no
     * such file /run/secrets/x". It names the field and the path, never a secret.
     */
    @Null(message = "${validatedValue}")
    public String getSecretFile() {
        return Stream.of(
                        SecretFiles.problem("value", value),
                        SecretFiles.problem("client-id", clientId),
                        SecretFiles.problem("client-secret", clientSecret))
                .flatMap(java.util.Optional::stream)
                .reduce((first, second) -> first + "; " + second)
                .orElse(null);
    }

    /** The query parameter that carries a secret, if any. */
    public String secretQueryParameter() {
        return kind == Kind.API_KEY && in == In.QUERY ? name : null;
    }

    /** The secrets configured here, for redaction: never in a message, a log or a report. */
    public List<String> secrets() {
        return Stream.of(value, clientSecret)
                .filter(s -> s != null && !s.isEmpty())
                .toList();
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    @Override
    public String toString() {
        return kind == Kind.OAUTH2_CLIENT_CREDENTIALS
                ? "Auth[kind=" + kind + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***"
                        + ", scopes=" + scopes + ", audience=" + audience + ", clientAuthentication="
                        + clientAuthentication + "]"
                : "Auth[kind=" + kind + ", name=" + name + ", in=" + in + ", value=***]";
    }
}
