package dev.pipeline.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest, so {@code --version} never drifts from the build. */
final class ManifestVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = PipelineCli.class.getPackage().getImplementationVersion();
        return new String[] {"pipeline " + (version == null ? "(development build)" : version)};
    }
}
