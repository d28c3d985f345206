package dev.pipeline.processor.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipeline.processor.ingest.ConsumePathHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The catalogue reads a record's run, price and category whether its item ends the record (stepped
 * over as bytes) or not (with the parser), and a record whose item is not JSON is not read at all,
 * either way: as the parser alone read them.
 */
class RecordFieldsTests {

    private static final String RUN = "run-20261123T120000Z-1a2b3c";
    private static final byte[] KEY = "dummyjson:7".getBytes(StandardCharsets.UTF_8);
    private static final RecordFields EXPECTED =
            new RecordFields("dummyjson", "7", RUN, 129.99 + 7, "mobile-accessories");

    @Test
    void readsTheFieldsOfARecordWhoseItemEndsIt() {
        assertThat(RecordFields.read(KEY, ConsumePathHarness.record(RUN, 0, 7))).isEqualTo(EXPECTED);
    }

    @Test
    void readsTheFieldsWhenTheItemComesFirstOrIsFollowedBySpace() {
        String record = text(ConsumePathHarness.record(RUN, 0, 7));
        int item = record.indexOf(",\"item\":");
        String itemField = record.substring(item + 1, record.length() - 1);
        String itemFirst = "{" + itemField + "," + record.substring(1, item) + "}";
        assertThat(RecordFields.read(KEY, bytes(itemFirst))).isEqualTo(EXPECTED);
        assertThat(RecordFields.read(KEY, bytes(record + " \n"))).isEqualTo(EXPECTED);
    }

    @Test
    void aRecordWhoseItemIsNotJsonIsNotRead() {
        String record = text(ConsumePathHarness.record(RUN, 0, 7));
        String unterminated = record.substring(0, record.length() - 3) + "}"; // the item's last value cut
        String badEscape = record.replace("\"brand\":\"Acme\"", "\"brand\":\"Ac\\qme\"");
        String controlCharacter = record.replace("\"brand\":\"Acme\"", "\"brand\":\"Ac\u0001me\"");
        assertThat(RecordFields.read(KEY, bytes(unterminated))).isNull();
        assertThat(RecordFields.read(KEY, bytes(badEscape))).isNull();
        assertThat(RecordFields.read(KEY, bytes(controlCharacter))).isNull();
    }

    private static String text(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String record) {
        return record.getBytes(StandardCharsets.UTF_8);
    }
}
