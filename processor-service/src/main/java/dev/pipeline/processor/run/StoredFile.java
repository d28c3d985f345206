package dev.pipeline.processor.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A report or marker file as an announcement names it: where it is, its SHA-256, its size. A
 * stopgap until the report store's write returns them ({@code store.Stored}).
 */
public record StoredFile(String location, String sha256, long bytes) {

    /** Reads the file back to checksum it. */
    public static StoredFile of(Path file) throws IOException {
        // replaced by Stored.sha256 when the store lands
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long bytes = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                bytes += read;
            }
        }
        return new StoredFile(
                file.toAbsolutePath().toUri().toString(), HexFormat.of().formatHex(digest.digest()), bytes);
    }
}
