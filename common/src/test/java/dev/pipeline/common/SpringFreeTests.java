package dev.pipeline.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * {@code common} is what the services, the CLI and the benchmarks share, so it carries no framework:
 * no Spring, and nothing of the modules that depend on it.
 */
class SpringFreeTests {

    private final JavaClasses common = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pipeline.common");

    @Test
    void noSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(common);
    }

    @Test
    void nothingOfTheModulesThatUseIt() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.pipeline.fetcher..",
                        "dev.pipeline.processor..",
                        "dev.pipeline.support..",
                        "dev.pipeline.cli..",
                        "dev.pipeline.bench..",
                        "dev.pipeline.upstream..")
                .check(common);
    }
}
