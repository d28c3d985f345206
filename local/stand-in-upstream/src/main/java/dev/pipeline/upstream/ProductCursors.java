package dev.pipeline.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors over the catalogue's products, as real APIs make them: base64url of
 * {@code "products:<offset>"}. Anything else is not a cursor of this server.
 */
final class ProductCursors {

    private static final String PREFIX = "products:";

    private ProductCursors() {}

    static String after(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The offset a cursor stands for.
     *
     * @throws IllegalArgumentException when it is none of this server's
     */
    static int offset(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a cursor of this server: " + cursor);
            }
            int offset = Integer.parseInt(decoded.substring(PREFIX.length()));
            if (offset < 0) {
                throw new IllegalArgumentException("not a cursor of this server: " + cursor);
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this server: " + cursor, e);
        }
    }
}
