package dev.pipeline.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipeline.cli.compose.BucketListing.BucketObject;
import dev.pipeline.cli.stack.PipelineFailure;
import org.junit.jupiter.api.Test;

/** How compose-check reads the object store's bucket listing (S3's ListObjectsV2). */
class BucketListingTests {

    /** What S3Mock 5.2.0 answered to GET /pipeline-reports?list-type=2 with one object in the bucket. */
    private static final String S3MOCK_LISTING = """
            <?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
            <Contents><ChecksumType>FULL_OBJECT</ChecksumType><ETag>"bb6cb5c68df4652941caf652a366f2d8"</ETag>\
            <Key>run-1.json</Key><LastModified>2026-11-28T21:38:50.673Z</LastModified><Size>7</Size>\
            <StorageClass>STANDARD</StorageClass></Contents><IsTruncated>false</IsTruncated><KeyCount>1</KeyCount>\
            <MaxKeys>1000</MaxKeys><Name>pipeline-reports</Name></ListBucketResult>""";

    @Test
    void readsTheKeysAndSizesOfTheObjects() {
        BucketListing listing = BucketListing.parse(S3MOCK_LISTING);

        assertThat(listing.objects()).containsExactly(new BucketObject("run-1.json", 7));
        assertThat(listing.endingWith("run-1.json")).hasSize(1);
        assertThat(listing.endingWith("run-2.json")).isEmpty();
    }

    @Test
    void findsAReportWhateverPrefixTheStorePutsBeforeIt() {
        BucketListing listing = BucketListing.parse("""
                <ListBucketResult><Contents><Key>reports/r1.json</Key><Size>10</Size></Contents>\
                <Contents><Key>reports/r1.abandoned</Key><Size>3</Size></Contents></ListBucketResult>""");

        assertThat(listing.endingWith("r1.json")).containsExactly(new BucketObject("reports/r1.json", 10));
    }

    @Test
    void anEmptyBucketListsNothing() {
        assertThat(BucketListing.parse(
                                "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><KeyCount>0</KeyCount></ListBucketResult>")
                        .objects())
                .isEmpty();
    }

    @Test
    void anErrorAnswerIsAFailureQuotingIt() {
        assertThatThrownBy(
                        () -> BucketListing.parse(
                                "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageContaining("did not list the bucket")
                .hasMessageContaining("NoSuchBucket");
        assertThatThrownBy(() -> BucketListing.parse("curl: (7) Failed to connect"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageContaining("not a ListBucketResult");
    }

    @Test
    void refusesDocumentTypeDeclarations() {
        assertThatThrownBy(
                        () -> BucketListing.parse(
                                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ListBucketResult>&e;</ListBucketResult>"))
                .isInstanceOf(PipelineFailure.class);
    }
}
