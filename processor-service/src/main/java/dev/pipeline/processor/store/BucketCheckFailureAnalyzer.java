package dev.pipeline.processor.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to check when the report bucket cannot be used at startup: the bucket, the endpoint, the credentials. */
class BucketCheckFailureAnalyzer extends AbstractFailureAnalyzer<BucketCheckException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BucketCheckException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Create the bucket '" + cause.bucket() + "' at " + cause.endpoint()
                        + " (the processor never creates it), or set pipeline.processor.reports.s3.bucket and"
                        + " pipeline.processor.reports.s3.endpoint to one that exists; check that the credentials"
                        + " the AWS SDK finds (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a web identity, ...) may"
                        + " read and write it; most S3-compatible servers (MinIO, S3Mock, Ceph) also need"
                        + " pipeline.processor.reports.s3.path-style=true (README, \"Reports in object storage\").",
                cause);
    }
}
