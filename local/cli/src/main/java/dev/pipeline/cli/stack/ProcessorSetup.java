package dev.pipeline.cli.stack;

import java.util.Map;

/**
 * Where a stack's processors keep their reports, and what else each is given: by default ({@link
 * #SHARED}) all write to the stack's one output directory, as on one machine. Set apart, they share
 * no disk, as on separate hosts: each its own output directory, reports in an object store.
 *
 * @param ownOutputDirectories each processor writes to {@code <outputDir>/processor-<instance>}
 *        rather than all to the output directory ({@link StackSettings#processorOutputDir})
 * @param environment variables every processor gets (credentials for a store the stack does not
 *        start, say), never on its command line
 * @param objectStore the stack starts an S3-compatible store ({@link LocalObjectStore}) and every
 *        processor keeps its reports there ({@code pipeline.processor.reports.store=s3})
 * @param objectStoreRoute how each processor reaches that store
 */
public record ProcessorSetup(
        boolean ownOutputDirectories,
        Map<String, String> environment,
        boolean objectStore,
        ObjectStoreRoute objectStoreRoute) {

    public static final ProcessorSetup SHARED = new ProcessorSetup(false, Map.of(), false, ObjectStoreRoute.DIRECT);

    public ProcessorSetup {
        environment = Map.copyOf(environment);
        objectStoreRoute = objectStoreRoute == null ? ObjectStoreRoute.DIRECT : objectStoreRoute;
    }

    /** Never the environment's values, which may be secrets. */
    @Override
    public String toString() {
        return "ProcessorSetup[ownOutputDirectories=%s, environment=%s, objectStore=%s]"
                .formatted(ownOutputDirectories, environment.keySet(), objectStore);
    }
}
