package dev.pipeline.processor.store;

import dev.pipeline.common.report.ReportFiles;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reports and markers as objects of an S3-compatible bucket, {@code <prefix><runId>.json} and
 * {@code <prefix><runId>.abandoned}, which every instance reads whatever host it runs on.
 *
 * <p><b>Whole or absent.</b> S3 shows an object only once its upload has completed, and replaces one
 * the same way. So a write goes to a scratch file of this host first (SHA-256 and size taken while
 * it is written), then up in one {@code PutObject} from that file: a content that fails halfway, or
 * a process that dies, leaves no object (and a scratch file that the next start's wipe of the work
 * directory removes), never a part of one. The SHA-256 goes along as the object's checksum, which
 * the server verifies on arrival, and as user metadata {@code sha256} for servers that keep no
 * checksums.
 *
 * <p><b>Failures of the store are the environment's.</b> Whatever the service answers (unreachable,
 * 5xx, throttled, and also denied or no such bucket: a setting or a permission, fixed outside, the
 * same for every run) surfaces as an {@link IOException}, so the processor waits it out like a full
 * disk (report {@code Failures.environmental}) and never blames a run for it. A failure of the
 * content itself is passed on as it is.
 */
public final class S3ReportStore implements ReportStore {

    /** The scratch directory's name in the work directory: a run id starts with a letter or digit. */
    public static final String SCRATCH_DIR_NAME = ".reports-scratch";

    private static final Logger log = LoggerFactory.getLogger(S3ReportStore.class);
    private static final String SHA256_METADATA = "sha256";
    private static final HexFormat HEX = HexFormat.of();
    /** Of {@link #listingReuse}: another instance's report reaches this one's stats within it. */
    private static final Duration LISTING_REUSE = Duration.ofSeconds(5);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path scratch;
    private final int pageSize;
    private final AtomicLong changes = new AtomicLong();

    /**
     * @param workDir this instance's work directory: scratch files go to its {@link #SCRATCH_DIR_NAME}
     */
    public S3ReportStore(S3Client s3, String bucket, String prefix, Path workDir) {
        this(s3, bucket, prefix, workDir, 1000);
    }

    /** @param pageSize keys per {@code ListObjectsV2} page (S3's own limit is 1000) */
    S3ReportStore(S3Client s3, String bucket, String prefix, Path workDir, int pageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.scratch = workDir.resolve(SCRATCH_DIR_NAME);
        this.pageSize = pageSize;
    }

    @Override
    public Stored write(String runId, Kind kind, Content content) throws IOException {
        String key = key(runId, kind);
        // Created on every write, not once: the ledger's startup wipe of the work directory removes it.
        Files.createDirectories(scratch);
        Path file = scratch.resolve(ReportFiles.scratchName(runId) + kind.suffix() + ".tmp");
        try {
            MessageDigest sha256 = sha256();
            try (OutputStream out = new BufferedOutputStream(new DigestOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), sha256))) {
                content.writeTo(out);
            }
            byte[] digest = sha256.digest();
            long bytes = Files.size(file);
            try {
                s3.putObject(
                        put -> put.bucket(bucket)
                                .key(key)
                                .contentType("application/json")
                                .contentLength(bytes)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                .checksumSHA256(Base64.getEncoder().encodeToString(digest))
                                .metadata(Map.of(SHA256_METADATA, HEX.formatHex(digest))),
                        RequestBody.fromFile(file));
            } catch (SdkException e) {
                throw failure("PutObject", key, e);
            }
            return new Stored(runId, kind, location(key), bytes, Instant.now(), HEX.formatHex(digest));
        } finally {
            changes.incrementAndGet();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete the scratch file {} (the next start's wipe will): {}", file, e.toString());
            }
        }
    }

    @Override
    public Optional<Stored> find(String runId, Kind kind) throws IOException {
        String key = key(runId, kind);
        HeadObjectResponse head;
        try {
            head = s3.headObject(h -> h.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD has no body: some servers' 404 is no NoSuchKey
                return Optional.empty();
            }
            throw failure("HeadObject", key, e);
        } catch (SdkException e) {
            throw failure("HeadObject", key, e);
        }
        return Optional.of(
                new Stored(runId, kind, location(key), head.contentLength(), head.lastModified(), sha256Of(head)));
    }

    @Override
    public InputStream open(String runId, Kind kind) throws IOException {
        String key = key(runId, kind);
        try {
            return new AbortedWhenLeft(s3.getObject(get -> get.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            throw missing(key, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(key, e);
            }
            throw failure("GetObject", key, e);
        } catch (SdkException e) {
            throw failure("GetObject", key, e);
        }
    }

    @Override
    public List<Stored> list() throws IOException {
        List<Stored> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(
                            list -> list.bucket(bucket).prefix(prefix).maxKeys(pageSize))
                    .contents()) {
                String name = object.key().substring(prefix.length());
                // Directly under the prefix (a run id has no slash), a valid run id, a report's or marker's suffix.
                String runId = ReportFiles.runIdOf(name);
                if (runId != null) {
                    Kind kind = name.endsWith(Kind.REPORT.suffix()) ? Kind.REPORT : Kind.MARKER;
                    found.add(new Stored(
                            runId, kind, location(object.key()), object.size(), object.lastModified(), null));
                }
            }
        } catch (SdkException e) {
            throw failure("ListObjectsV2", prefix, e);
        }
        return found;
    }

    @Override
    public void delete(String runId, Kind kind) throws IOException {
        String key = key(runId, kind);
        try {
            s3.deleteObject(delete -> delete.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("DeleteObject", key, e);
        } finally {
            changes.incrementAndGet();
        }
    }

    @Override
    public long changes() {
        return changes.get();
    }

    @Override
    public Duration listingReuse() {
        return LISTING_REUSE;
    }

    /**
     * Made again when it is not there: the work directory is wiped at startup, after this store is
     * made, and the report's scratch files go here before any upload would make it.
     */
    @Override
    public Path scratchDirectory() {
        try {
            return Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the reports' scratch directory " + scratch, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Fails (an {@link IOException}, naming the bucket and the endpoint) when the bucket cannot be reached. */
    public void checkBucket() throws IOException {
        try {
            s3.headBucket(head -> head.bucket(bucket));
        } catch (SdkException e) {
            throw failure("HeadBucket", "", e);
        }
    }

    String key(String runId, Kind kind) {
        return prefix + runId + kind.suffix();
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** The object's SHA-256 in hex: its checksum when the server kept one, else the metadata written with it. */
    private static String sha256Of(HeadObjectResponse head) {
        String checksum = head.checksumSHA256();
        if (checksum != null && !checksum.contains("-")) { // "<base64>-<parts>" is a multipart upload's, of parts
            try {
                byte[] digest = Base64.getDecoder().decode(checksum);
                if (digest.length == 32) {
                    return HEX.formatHex(digest);
                }
            } catch (IllegalArgumentException e) {
                // not base64: fall back to the metadata
            }
        }
        String metadata = head.hasMetadata() ? head.metadata().get(SHA256_METADATA) : null;
        return metadata != null
                        && metadata.length() == 64
                        && metadata.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                ? metadata.toLowerCase(java.util.Locale.ROOT)
                : null;
    }

    private NoSuchFileException missing(String key, Exception cause) {
        NoSuchFileException missing = new NoSuchFileException(location(key));
        missing.initCause(cause);
        return missing;
    }

    private IOException failure(String operation, String key, SdkException cause) {
        String status = cause instanceof S3Exception s3e
                ? " (HTTP " + s3e.statusCode()
                        + (s3e.awsErrorDetails() != null
                                        && s3e.awsErrorDetails().errorCode() != null
                                ? " " + s3e.awsErrorDetails().errorCode()
                                : "")
                        + ")"
                : "";
        return new IOException(
                operation + " of " + location(key) + " failed" + status + ": " + cause.getMessage(), cause);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * An object being read that, closed before its last byte, aborts the download: the HTTP client
     * would otherwise read the rest to reuse the connection, so a reader that needs only a report's
     * head (the run history, a run's state) would still have the whole report sent. Read to its end,
     * it is closed as usual and the connection is kept.
     */
    private static final class AbortedWhenLeft extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> object;
        private final long length;
        private long read;
        private boolean ended;

        AbortedWhenLeft(ResponseInputStream<GetObjectResponse> object) {
            super(object);
            this.object = object;
            Long contentLength = object.response().contentLength();
            this.length = contentLength == null ? -1 : contentLength;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            int n = super.read(buffer, offset, count);
            count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            read += skipped;
            return skipped;
        }

        private void count(int n) {
            if (n < 0) {
                ended = true;
            } else {
                read += n;
            }
        }

        @Override
        public void close() throws IOException {
            if (ended || (length >= 0 && read >= length)) {
                super.close();
            } else {
                object.abort();
            }
        }
    }
}
