package dev.packyard.packs;

/** How bad a {@link Problem} is: an ERROR makes a pack unacceptable, a WARNING is reported but tolerated (real packs have many). */
public enum Severity {
    ERROR,
    WARNING
}
