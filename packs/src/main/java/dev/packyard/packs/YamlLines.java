package dev.packyard.packs;

/**
 * Line-by-line checks pack-central's CI runs on values.yaml ({@code validator/validate-values.sh}): no tab characters
 * (an ERROR: YAML forbids tabs in indentation) and indentation in multiples of two spaces (a WARNING here, where CI
 * errs, because real packs break it inside block strings). Blank and comment-only lines are skipped, as CI does.
 * Each rule names at most {@value #MAX_LINES} lines and then sums up the rest, so a tab-indented file does not bury
 * every other problem.
 */
final class YamlLines {

    static final int MAX_LINES = 10;

    private YamlLines() {
    }

    static void check(String text, String file, Problems problems) {
        String[] lines = text.split("\r?\n", -1);
        int tabs = 0;
        int odd = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            if (line.indexOf('\t') >= 0 && ++tabs <= MAX_LINES) {
                problems.error(file, "", "yaml.tab", "line " + lineNo + " contains a tab character",
                        "use spaces instead of tabs");
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (indent % 2 != 0 && ++odd <= MAX_LINES) {
                problems.warning(file, "", "yaml.indentation",
                        "line " + lineNo + " is indented by " + indent + " spaces, not a multiple of 2",
                        "indent with 2 spaces per level");
            }
        }
        if (tabs > MAX_LINES) {
            problems.error(file, "", "yaml.tab", (tabs - MAX_LINES) + " more lines contain a tab character",
                    "use spaces instead of tabs");
        }
        if (odd > MAX_LINES) {
            problems.warning(file, "", "yaml.indentation",
                    (odd - MAX_LINES) + " more lines are indented by an odd number of spaces",
                    "indent with 2 spaces per level");
        }
    }
}
