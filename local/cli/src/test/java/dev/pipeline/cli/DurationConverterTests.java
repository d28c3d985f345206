package dev.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTests {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({"PT10M, 600000", "pt90s, 90000", "90s, 90000", "10m, 600000", "1h, 3600000", "250ms, 250"})
    void readsIsoAndShortDurations(String text, long millis) {
        assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "PT0S", "-PT1M"})
    void refusesDurationsThatAreNotPositive(String text) {
        assertThatExceptionOfType(TypeConversionException.class)
                .isThrownBy(() -> converter.convert(text))
                .withMessageContaining("is not a positive duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "10", "10 minutes", "m10"})
    void refusesWhatIsNotADuration(String text) {
        assertThatExceptionOfType(TypeConversionException.class)
                .isThrownBy(() -> converter.convert(text))
                .withMessage("'" + text + "' is not a duration (examples: 90s, 10m, PT10M)");
    }
}
