package dev.pipeline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipeline.cli.stack.DeathWatch.Member;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which deaths a stack survives, with real processes killed as {@code kill -9} would. */
class DeathWatchTests {

    @TempDir
    Path logs;

    private final List<ChildProcess> started = new ArrayList<>();
    private final DeathWatch watch = new DeathWatch();

    @AfterEach
    void stopEverything() {
        started.forEach(ChildProcess::stop);
    }

    @Test
    void nothingIsSaidWhileEveryProcessLives() {
        List<Member> stack = List.of(
                member("kafka-broker", "kafka-broker"),
                member("processor", "processor"),
                member("processor", "processor-2"),
                member("fetcher", "fetcher"));

        assertThat(watch.check(stack)).isEmpty();
    }

    @Test
    void anInstanceThatDiesWhileAnotherOfItsServiceLivesIsReportedOnceAndSurvived() {
        Member processor2 = member("processor", "processor-2");
        List<Member> stack = List.of(
                member("kafka-broker", "kafka-broker"),
                member("processor", "processor"),
                processor2,
                member("fetcher", "fetcher"));

        processor2.process().kill();

        assertThat(watch.check(stack)).containsExactly("processor-2 exited with code 137; carrying on with processor");
        assertThat(watch.check(stack)).as("said once").isEmpty();
    }

    @Test
    void namesEveryInstanceThatCarriesOn() {
        Member fetcher = member("fetcher", "fetcher");
        List<Member> stack = List.of(fetcher, member("fetcher", "fetcher-2"), member("fetcher", "fetcher-3"));

        fetcher.process().kill();

        assertThat(watch.check(stack))
                .containsExactly("fetcher exited with code 137; carrying on with fetcher-2, fetcher-3");
    }

    @Test
    void theLastInstanceOfAServiceDyingIsFatalWithItsLogTail() {
        Member processor = member("processor", "processor");
        Member processor2 = member("processor", "processor-2");
        List<Member> stack = List.of(processor, processor2, member("fetcher", "fetcher"));
        processor.process().kill();
        assertThat(watch.check(stack)).hasSize(1);

        processor2.process().kill();

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watch.check(stack))
                .withMessage("processor-2 exited with code 137; no processor is left")
                .satisfies(failure -> assertThat(failure.excerpt())
                        .hasValueSatisfying(
                                excerpt -> assertThat(excerpt.log()).isEqualTo(logs.resolve("processor-2.log"))));
    }

    @Test
    void everyInstanceOfAServiceDyingAtOnceIsFatal() {
        Member fetcher = member("fetcher", "fetcher");
        Member fetcher2 = member("fetcher", "fetcher-2");
        List<Member> stack = List.of(member("processor", "processor"), fetcher, fetcher2);

        fetcher.process().kill();
        fetcher2.process().kill();

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watch.check(stack))
                .withMessage("fetcher-2 exited with code 137; no fetcher is left");
    }

    @Test
    void theBrokerHasNoSpare() {
        Member broker = member("kafka-broker", "kafka-broker");
        List<Member> stack = List.of(broker, member("processor", "processor"), member("processor", "processor-2"));

        broker.process().kill();

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watch.check(stack))
                .withMessage("kafka-broker exited with code 137");
    }

    @Test
    void theStandInUpstreamHasNoSpare() {
        ChildProcess upstream = ChildProcess.start(
                "stand-in-upstream",
                List.of("sh", "-c", "echo bad port; exit 3"),
                logs.resolve("stand-in-upstream.log"));
        started.add(upstream);
        upstream.awaitExit(java.time.Duration.ofSeconds(10));
        List<Member> stack = List.of(
                new Member("stand-in-upstream", upstream),
                member("fetcher", "fetcher"),
                member("fetcher", "fetcher-2"));

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watch.check(stack))
                .withMessage("stand-in-upstream exited with code 3")
                .satisfies(failure -> assertThat(failure.excerpt())
                        .hasValueSatisfying(
                                excerpt -> assertThat(excerpt.lines()).containsExactly("bad port")));
    }

    @Test
    void theOnlyInstanceOfAServiceDyingFailsAsItAlwaysDid() {
        Member processor = member("processor", "processor");
        List<Member> stack = List.of(processor, member("fetcher", "fetcher"), member("fetcher", "fetcher-2"));

        processor.process().kill();

        assertThatExceptionOfType(PipelineFailure.class)
                .isThrownBy(() -> watch.check(stack))
                .withMessage("processor exited with code 137");
    }

    @Test
    void anInstanceStartedAgainInTheDeadOnesPlaceCountsAsLiving() {
        Member fetcher = member("fetcher", "fetcher");
        Member fetcher2 = member("fetcher", "fetcher-2");
        fetcher.process().kill();
        assertThat(watch.check(List.of(fetcher, fetcher2))).hasSize(1);
        Member restarted = member("fetcher", "fetcher");

        assertThat(watch.check(List.of(restarted, fetcher2))).isEmpty();
        fetcher2.process().kill();
        assertThat(watch.check(List.of(restarted, fetcher2)))
                .containsExactly("fetcher-2 exited with code 137; carrying on with fetcher");
    }

    private Member member(String service, String name) {
        ChildProcess process = ChildProcess.start(name, List.of("sleep", "300"), logs.resolve(name + ".log"));
        started.add(process);
        return new Member(service, process);
    }
}
