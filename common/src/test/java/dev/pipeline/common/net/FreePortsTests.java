package dev.pipeline.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreePortsTests {

    @Test
    void portsAreDistinctFreeAndBelowTheEphemeralRangeWhereNoOutgoingConnectionTakesThem() {
        int ephemeralStart = 40_000;

        List<Integer> ports = list(FreePorts.pick(20, Optional.of(ephemeralStart)));

        assertThat(ports).doesNotHaveDuplicates().hasSize(20);
        assertThat(ports).allMatch(port -> port >= FreePorts.LOWEST && port < ephemeralStart);
        assertThat(ports).allMatch(FreePorts::isFree);
    }

    @Test
    void onThisMachineThePortsComeFromBelowTheRangeTheKernelSays() {
        Optional<Integer> ephemeralStart = FreePorts.ephemeralStart();
        assertThat(ephemeralStart).as("Linux says its ephemeral range in /proc").isPresent();

        assertThat(list(FreePorts.pick(3))).allMatch(port -> port < ephemeralStart.get());
    }

    @Test
    void withoutARangeOrWithTooLittleRoomBelowItTheKernelChooses() {
        assertThat(list(FreePorts.pick(2, Optional.empty()))).allMatch(port -> port > 0 && FreePorts.isFree(port));
        assertThat(list(FreePorts.pick(2, Optional.of(FreePorts.LOWEST + 10)))).allMatch(FreePorts::isFree);
    }

    private static List<Integer> list(int[] ports) {
        return Arrays.stream(ports).boxed().toList();
    }
}
