package dev.pipeline.systemtest.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's own documents, held to the repository: ARCHITECTURE.md's module table names
 * exactly the modules the build has, and no document links or points to a file outside the
 * repository (a reader of a clone has nothing else), or to one that is not there.
 */
class RepositoryDocsTests {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern MODULE_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern RELATIVE_PATH = Pattern.compile("`(\\.\\./[^`\\s]+)`");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", ".pipeline", "node_modules", ".mvn");

    private final Path root = repositoryRoot();

    @Test
    void theModuleTableNamesEveryModuleOfTheBuild() throws IOException {
        Set<String> built = new LinkedHashSet<>();
        Matcher modules = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (modules.find()) {
            built.add(modules.group(1).trim());
        }

        assertThat(moduleTable())
                .as("ARCHITECTURE.md's module table vs. the root pom's <modules>")
                .containsExactlyInAnyOrderElementsOf(built);
    }

    @Test
    void everyLinkOfEveryDocumentStaysInTheRepositoryAndResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path document : documents()) {
            String text = Files.readString(document);
            for (String target : targets(text)) {
                if (target.startsWith("/")) {
                    broken.add(root.relativize(document) + ": " + target + " is an absolute path");
                    continue;
                }
                Path resolved = document.getParent().resolve(target).normalize();
                if (!resolved.startsWith(root)) {
                    broken.add(root.relativize(document) + ": " + target + " is outside the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(root.relativize(document) + ": " + target + " does not exist");
                }
            }
        }

        assertThat(broken).as("links and paths in the repository's documents").isEmpty();
    }

    private Set<String> moduleTable() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("ARCHITECTURE.md"));
        int at = lines.indexOf("<!-- modules -->");
        assertThat(at)
                .as("ARCHITECTURE.md has a line <!-- modules --> before its module table")
                .isNotNegative();
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines.subList(at + 3, lines.size())) {
            Matcher row = MODULE_ROW.matcher(line);
            if (!row.find()) {
                break;
            }
            names.add(row.group(1));
        }
        return names;
    }

    /** Link targets and backticked relative paths, without anchors; web links and anchors are not files. */
    private static List<String> targets(String text) {
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(LINK, RELATIVE_PATH)) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                String target = matcher.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue;
                }
                int anchor = target.indexOf('#');
                targets.add(anchor < 0 ? target : target.substring(0, anchor));
            }
        }
        return targets;
    }

    private List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        collect(root, documents);
        assertThat(documents).as("documents found below " + root).isNotEmpty();
        return documents;
    }

    private static void collect(Path dir, List<Path> documents) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isDirectory(entry)) {
                    if (!SKIPPED_DIRS.contains(entry.getFileName().toString())) {
                        collect(entry, documents);
                    }
                } else if (entry.getFileName().toString().endsWith(".md")) {
                    documents.add(entry);
                }
            }
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ARCHITECTURE.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no repository root (ARCHITECTURE.md and mvnw) above "
                + Path.of("").toAbsolutePath());
    }
}
