package dev.pipeline.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A module's code held to its package table in ARCHITECTURE.md ({@link PackageTable}): a module's
 * {@code ArchitectureTests} extends this with its root package. A new package, a new dependency
 * between packages or a stale row fails the build until the table and the code agree again.
 */
public abstract class PackageTableTests {

    private final PackageTable table;

    protected PackageTableTests(String root) {
        this.table = PackageTable.of(root);
    }

    @Test
    void theTableNamesEveryPackageTheCodeHas() {
        assertThat(table.uses().keySet())
                .as("packages in ARCHITECTURE.md's table vs. in the code")
                .containsExactlyInAnyOrderElementsOf(table.codePackages());
    }

    @TestFactory
    Stream<DynamicTest> noPackageUsesASiblingItsRowDoesNotName() {
        return table.dependencyRules().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(table.mainClasses())));
    }

    @Test
    void everyPackageItsRowNamesIsUsed() {
        assertThat(table.uses())
                .as("the packages each package uses, in ARCHITECTURE.md vs. in the code")
                .isEqualTo(table.codeUses());
    }

    @Test
    void packagesHaveNoCycles() {
        table.noCycles().check(table.mainClasses());
    }
}
