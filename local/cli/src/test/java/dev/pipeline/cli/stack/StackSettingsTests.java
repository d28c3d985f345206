package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSettingsTests {

    private static final Path OUT = Path.of("out").toAbsolutePath();

    @Test
    void eachChangeSetsItsOwnSettingAndKeepsEveryOther() {
        StackSettings settings = StackSettings.of("127.0.0.1:9", OUT)
                .withUpstreamArgs(List.of("--products=5"))
                .withFetcherArgs(List.of("--a=1"))
                .withFetcherArgs(List.of("--b=2"))
                .withFetcherFile("pipeline.sources-file", "{}")
                .withInstances(2, 3)
                .withApiKey(" key ")
                .asShortRun()
                .withOwnOutputDirectories()
                .withProcessorEnvironment(Map.of("X", "1"))
                .withObjectStore(ObjectStoreRoute.DIRECT);

        assertThat(settings).isEqualTo(everySettingChanged(true));
        assertThat(settings.withoutUpstream()).isEqualTo(everySettingChanged(false));
    }

    private static StackSettings everySettingChanged(boolean startsUpstream) {
        return new StackSettings(
                "127.0.0.1:9",
                OUT,
                startsUpstream,
                List.of("--products=5"),
                List.of(),
                List.of("--a=1", "--b=2"),
                Map.of("pipeline.sources-file", "{}"),
                2,
                3,
                "key",
                true,
                new ProcessorSetup(true, Map.of("X", "1"), true, ObjectStoreRoute.DIRECT));
    }

    @Test
    void aChangeIsCheckedAsAnySettingsAreAndLeavesTheOriginalAsItWas() {
        StackSettings settings = StackSettings.of(null, OUT);

        assertThatThrownBy(() -> settings.withInstances(17, 1)).hasMessageContaining("1 to 16");
        settings.withFetcherArgs(List.of("--a=1")).withFetcherFile("p", "v");
        assertThat(settings.fetcherArgs()).isEmpty();
        assertThat(settings.fetcherFiles()).isEmpty();
        assertThat(settings.shortRun()).isFalse();
        assertThat(settings.processorSetup()).isEqualTo(ProcessorSetup.SHARED);
    }
}
