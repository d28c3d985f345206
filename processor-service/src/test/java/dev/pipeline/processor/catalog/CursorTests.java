package dev.pipeline.processor.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CursorTests {

    @Test
    void aKeyGoesThereAndBackUrlSafe() {
        byte[] key = "shop:é/?+&=".getBytes(StandardCharsets.UTF_8);

        String cursor = Cursor.of(key);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Cursor.key(cursor)).isEqualTo(key);
    }

    @Test
    void textThatNoPageGaveOutIsRefusedSayingWhy() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cursor.key("!!!"))
                .withMessage("is not a cursor this service gave out");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cursor.key("="))
                .withMessage("is not a cursor this service gave out");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cursor.key("A".repeat(Cursor.MAX_LENGTH + 1)))
                .withMessage("is longer than any cursor this service gives out");
    }
}
