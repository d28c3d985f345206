package dev.pipeline.cli.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which deaths a stack survives. Fetchers take a dead fetcher's tasks over and processors a dead
 * processor's partitions, so an instance that dies while another instance of its service lives is
 * reported, once, and the stack carries on. A service with no instance left can do nothing more,
 * and the broker, the stand-in upstream and the object store are one process each, with no spare: those deaths are
 * fatal.
 */
final class DeathWatch {

    /**
     * One process of the stack, as an instance of {@code service} ({@code processor} for
     * processor-2 too; {@code kafka-broker}, {@code stand-in-upstream}). A restarted instance is a
     * new member, alive, in the place of the dead one.
     */
    record Member(String service, ChildProcess process) {}

    private final Set<ChildProcess> reported = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * The deaths among {@code members} not reported before, one line each (e.g. {@code processor-2
     * exited with code 137; carrying on with processor}); throws the failure of the first service
     * with no living instance, with the log tail of the instance that died last.
     */
    List<String> check(List<Member> members) {
        Map<String, List<Member>> byService = new LinkedHashMap<>();
        members.forEach(member -> byService
                .computeIfAbsent(member.service(), s -> new ArrayList<>())
                .add(member));
        for (Map.Entry<String, List<Member>> service : byService.entrySet()) {
            List<Member> instances = service.getValue();
            if (instances.stream().noneMatch(member -> member.process().isAlive())) {
                throw noneLeft(service.getKey(), instances);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Member member : members) {
            if (!member.process().isAlive() && reported.add(member.process())) {
                List<String> living = byService.get(member.service()).stream()
                        .filter(other -> other.process().isAlive())
                        .map(other -> other.process().name())
                        .toList();
                lines.add(exited(member) + "; carrying on with " + String.join(", ", living));
            }
        }
        return lines;
    }

    /** Blamed on the instance whose death was not reported yet (the others' were, as survived), else the last. */
    private PipelineFailure noneLeft(String service, List<Member> instances) {
        ChildProcess last = instances.stream()
                .map(Member::process)
                .filter(process -> !reported.contains(process))
                .reduce((first, second) -> second)
                .orElse(instances.getLast().process());
        return instances.size() == 1
                ? last.exitedEarly()
                : last.failure("exited with code " + last.exitCode() + "; no " + service + " is left");
    }

    private static String exited(Member member) {
        return member.process().name() + " exited with code " + member.process().exitCode();
    }
}
