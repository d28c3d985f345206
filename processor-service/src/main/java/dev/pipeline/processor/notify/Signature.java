package dev.pipeline.processor.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook's signature: {@code sha256=} and the lower-case hex HMAC-SHA256 of the body's exact
 * bytes under the secret (UTF-8), as GitHub's webhooks sign theirs, so the same few lines verify
 * both (README, "Failure webhook").
 */
public final class Signature {

    public static final String HEADER = "X-Pipeline-Signature";
    public static final String PREFIX = "sha256=";

    private Signature() {}

    public static String of(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
