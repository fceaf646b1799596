package dev.packyard.packs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The files {@code pack.json} names in {@code charts}, {@code kubeManifests} and {@code ansibleRoles} must be in the
 * pack and not be empty (an Ansible role may be a folder). Checking that manifests are valid YAML is out of reach:
 * they are Go templates, valid only after rendering.
 */
final class ReferencedFiles {

    private ReferencedFiles() {
    }

    static void check(JsonNode packJson, PackFiles files, Problems problems) {
        for (String field : PackJsonSchema.PATH_LISTS) {
            JsonNode list = packJson.get(field);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isTextual()) {
                    checkOne(list.get(i).asText(), field + "[" + i + "]", files, problems);
                }
            }
        }
    }

    private static void checkOne(String named, String field, PackFiles files, Problems problems) {
        String path = named.startsWith("./") ? named.substring(2) : named;
        if (path.isBlank()) {
            problems.error(PackJsonReader.FILE, field, "file.path", "is empty", "name a file in the pack, e.g. 'charts/x-1.0.0.tgz'");
            return;
        }
        if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
            problems.error(PackJsonReader.FILE, field, "file.path", "'" + named + "' points outside the pack",
                    "use a path relative to the pack folder, e.g. 'charts/x-1.0.0.tgz'");
            return;
        }
        byte[] bytes = files.bytes(path);
        if (bytes != null) {
            if (blank(bytes)) {
                problems.error(path, "", "file.empty", "is empty, but " + PackJsonReader.FILE + " " + field
                        + " names it", "put the content in the file or remove it from " + PackJsonReader.FILE);
            }
            return;
        }
        boolean folder = !files.paths().subSet(path + "/", path + "0").isEmpty();
        if (folder) {
            return;
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        String similar = files.paths().stream().filter(p -> p.equals(base) || p.endsWith("/" + base)).findFirst()
                .map(p -> "; did you mean '" + p + "'?").orElse("");
        problems.error(PackJsonReader.FILE, field, "file.missing", "names '" + named + "', which is not in the pack",
                "add the file or correct the path" + similar);
    }

    /** Only whitespace (or nothing): stops at the first other byte, so a large chart costs nothing. */
    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
