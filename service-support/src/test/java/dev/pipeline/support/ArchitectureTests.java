package dev.pipeline.support;

import dev.pipeline.support.testing.PackageTableTests;

/** This module's packages, and what each uses, as ARCHITECTURE.md's table says. */
class ArchitectureTests extends PackageTableTests {

    ArchitectureTests() {
        super("dev.pipeline.support");
    }
}
