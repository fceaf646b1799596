package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packyard.cli.Failures.HttpStatusException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packyard ls}: the registry's packs, one line each. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        versionProvider = PackyardCli.VersionProvider.class,
        description = {"List the registry's packs.",
                "One line per pack: name, display name, layer, latest version and number of versions."})
public final class LsCommand implements Callable<Integer> {

    static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 10_000;

    @ParentCommand
    PackyardCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Option(names = {"-l", "--layer"}, paramLabel = "LAYER",
            description = "Only packs of this layer (kernel, os, k8s, cni, csi, addon).")
    String layer;

    @Option(names = {"-n", "--name"}, paramLabel = "PREFIX", description = "Only packs whose name starts with PREFIX.")
    String namePrefix;

    /** One pack of the catalog, as listed. */
    record Row(String name, String displayName, String layer, String latestVersion, int versions) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (RegistryClient client = registry.client(root.environment())) {
            List<Row> rows;
            try {
                rows = fetch(client);
            } catch (HttpStatusException e) {
                if (e.status() == 404) {
                    throw new CliException(client.target().display() + " has no pack catalog (GET /v1/packs answered 404);"
                            + " is it a Packyard server?");
                }
                throw new CliException("cannot list packs: " + Failures.describe(e, client.target(), client.authenticated()));
            } catch (CliException e) {
                throw e;
            } catch (Exception e) {
                Failures.trace(e, spec.commandLine().getErr(), root.environment());
                throw new CliException("cannot list packs: " + Failures.describe(e, client.target(), client.authenticated()));
            }
            List<Row> shown = filter(rows, layer, namePrefix);
            if (shown.isEmpty()) {
                out.println(rows.isEmpty()
                        ? "no packs in " + client.target().display()
                        : "no packs match (" + rows.size() + " packs in " + client.target().display() + ")");
            } else {
                format(shown).forEach(out::println);
            }
            out.flush();
            return 0;
        }
    }

    /** Every pack of the catalog, page after page. */
    static List<Row> fetch(RegistryClient client) throws Exception {
        List<Row> rows = new ArrayList<>();
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = client.getJson("/v1/packs?limit=" + PAGE_SIZE + "&offset=" + offset, "cannot list packs");
            JsonNode items = body.path("items");
            if (!items.isArray()) {
                throw new CliException("GET " + client.target().display() + "/v1/packs answered without an \"items\" list;"
                        + " is it a Packyard server?");
            }
            for (JsonNode item : items) {
                rows.add(row(item));
            }
            offset += items.size();
            long total = body.path("total").asLong(-1);
            if (items.isEmpty() || (total >= 0 && offset >= total) || (total < 0 && items.size() < PAGE_SIZE)) {
                break;
            }
        }
        return rows;
    }

    static Row row(JsonNode item) {
        return new Row(Table.clean(item.path("name").asText("")), Table.clean(item.path("displayName").asText("")),
                Table.clean(item.path("layer").asText("")), Table.clean(item.path("latestVersion").asText("")),
                item.path("versions").size());
    }

    /** The rows of a layer and name prefix (either may be null), sorted by name. */
    static List<Row> filter(List<Row> rows, String layer, String namePrefix) {
        return rows.stream()
                .filter(r -> layer == null || r.layer().equalsIgnoreCase(layer.strip()))
                .filter(r -> namePrefix == null
                        || r.name().toLowerCase(Locale.ROOT).startsWith(namePrefix.strip().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(Row::name))
                .toList();
    }

    /** The table printed for the rows. */
    static List<String> format(List<Row> rows) {
        List<List<String>> cells = rows.stream()
                .map(r -> List.of(r.name(), Table.truncate(r.displayName(), 40), r.layer(),
                        r.latestVersion(), Integer.toString(r.versions())))
                .toList();
        return Table.render(List.of("NAME", "DISPLAY NAME", "LAYER", "LATEST", "VERSIONS"), cells);
    }
}
