package dev.pipeline.support.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's package table in ARCHITECTURE.md, the architecture the build holds the code to. The
 * table follows a marker line {@code <!-- packages: dev.pipeline.x -->} and has one row per
 * feature package: {@code | `name` | what it holds | `other`, `packages` it uses |} ("—" for none).
 * The check is both ways: the table names exactly the packages the code has, a package depends on
 * no sibling package its row does not name, and every sibling its row names is used. The root
 * package (the application class, service-wide settings) may be used by all and use all; other
 * modules ({@code common}, libraries) are not this table's concern.
 */
public final class PackageTable {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z]+)`\\s*\\|.*\\|\\s*([^|]*?)\\s*\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

    private final String root;
    private final Map<String, Set<String>> uses;
    private final JavaClasses classes;

    private PackageTable(String root, Map<String, Set<String>> uses, JavaClasses classes) {
        this.root = root;
        this.uses = uses;
        this.classes = classes;
    }

    /**
     * Reads the table of {@code root} from the ARCHITECTURE.md above the working directory and the
     * module's main classes (not its tests).
     */
    public static PackageTable of(String root) {
        return new PackageTable(
                root,
                read(architectureFile(), root),
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(root));
    }

    /** The feature packages the table names, each with the siblings it says it uses. */
    public Map<String, Set<String>> uses() {
        return uses;
    }

    /** The feature packages (direct subpackages of the root) that hold classes. */
    public Set<String> codePackages() {
        Set<String> names = new TreeSet<>();
        for (JavaClass type : classes) {
            String name = type.getPackageName();
            if (name.startsWith(root + ".")) {
                names.add(name.substring(root.length() + 1).split("\\.")[0]);
            }
        }
        return names;
    }

    /** For each feature package, the siblings its classes depend on. */
    public Map<String, Set<String>> codeUses() {
        Map<String, Set<String>> used = new TreeMap<>();
        codePackages().forEach(name -> used.put(name, new TreeSet<>()));
        for (JavaClass type : classes) {
            String from = featureOf(type);
            if (from == null) {
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = featureOf(dependency.getTargetClass().getBaseComponentType());
                if (to != null && !to.equals(from)) {
                    used.get(from).add(to);
                }
            }
        }
        return used;
    }

    /** One rule per row: its classes use no sibling package the row does not name. */
    public List<ArchRule> dependencyRules() {
        List<ArchRule> rules = new ArrayList<>();
        uses.forEach((name, allowed) -> {
            List<String> packages = new ArrayList<>();
            packages.add(root + "." + name + "..");
            allowed.forEach(other -> packages.add(root + "." + other + ".."));
            DescribedPredicate<JavaClass> permitted = resideOutsideOfPackage(root + "..")
                    .or(resideInAPackage(root))
                    .or(resideInAnyPackage(packages.toArray(String[]::new)));
            rules.add(classes()
                    .that()
                    .resideInAPackage(root + "." + name + "..")
                    .should()
                    .onlyDependOnClassesThat(permitted)
                    .because("ARCHITECTURE.md says `" + name + "` uses "
                            + (allowed.isEmpty() ? "no other package" : String.join(", ", allowed))));
        });
        return rules;
    }

    /** No two feature packages depend on each other, directly or through others. */
    public ArchRule noCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    public JavaClasses mainClasses() {
        return classes;
    }

    private String featureOf(JavaClass type) {
        String name = type.getPackageName();
        return name.startsWith(root + ".") ? name.substring(root.length() + 1).split("\\.")[0] : null;
    }

    static Map<String, Set<String>> read(Path file, String root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String marker = "<!-- packages: " + root + " -->";
        int at = lines.indexOf(marker);
        if (at < 0) {
            throw new AssertionError(file + " has no package table for " + root + " (a line " + marker + ")");
        }
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.isBlank() && !table.isEmpty()) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Set<String> used = new TreeSet<>();
                Matcher names = NAME.matcher(row.group(2));
                while (names.find()) {
                    used.add(names.group(1));
                }
                table.put(row.group(1), used);
            }
        }
        if (table.isEmpty()) {
            throw new AssertionError(file + ": the package table of " + root + " has no rows");
        }
        return table;
    }

    /** ARCHITECTURE.md at the repository's root: the first one found from the working directory up. */
    static Path architectureFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("ARCHITECTURE.md");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new AssertionError("no ARCHITECTURE.md above " + Path.of("").toAbsolutePath());
    }
}
