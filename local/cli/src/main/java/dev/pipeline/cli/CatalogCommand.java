package dev.pipeline.cli;

import dev.pipeline.cli.run.CatalogPage;
import dev.pipeline.common.original.SourceNames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A page of the catalogue, from the processor: the latest state of each item and the run that last saw it. */
@Command(
        name = "catalog",
        description = "Print the latest state of every item (a page at a time), with the run that last saw it.")
final class CatalogCommand implements Callable<Integer> {

    /** The processor's bounds for {@code limit}. */
    static final int MAX_LIMIT = 1000;

    private static final String ROW = "%-25s %-30s %9s  %-15s %-33s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceUrls urls;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source's items.")
    String source;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "Items on the page, 1-" + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Where the page before ended (its 'more:' line).")
    String cursor;

    @Option(names = "--json", description = "Print the page's JSON as the processor serves it.")
    boolean json;

    @Override
    public Integer call() {
        if (source != null && !SourceNames.isValid(source)) {
            throw new ParameterException(
                    spec.commandLine(), "--source: '" + source + "' is not a source name (" + SourceNames.RULE + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ParameterException(
                    spec.commandLine(), "--limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        CatalogPage page = urls.processorClient().catalog(source, limit, cursor);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(page.json());
        } else {
            print(out, page);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, CatalogPage page) {
        if (page.items().isEmpty()) {
            out.println("no items");
        } else {
            out.printf(ROW, "key", "title", "price", "category", "run", "fetched at");
            for (CatalogPage.Item item : page.items()) {
                out.printf(
                        ROW,
                        cut(item.key(), 25),
                        cut(item.title(), 30),
                        item.price() == null ? "-" : "%.2f".formatted(item.price()),
                        cut(item.category(), 15),
                        cut(item.runId(), 33),
                        item.fetchedAt() == null ? "-" : item.fetchedAt());
            }
        }
        if (page.unreadable() > 0) {
            out.printf("%d item(s) left out: their latest record cannot be read%n", page.unreadable());
        }
        String state = page.upToDate() ? "up to date" : "still catching up with the topic (ask again for more)";
        out.println(
                page.nextCursor() == null
                        ? state + "; no more items"
                        : state + "; more: ./pipeline catalog" + (source == null ? "" : " --source " + source)
                                + " --limit " + limit + " --cursor " + page.nextCursor());
    }

    private static String cut(String text, int width) {
        if (text == null) {
            return "-";
        }
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
