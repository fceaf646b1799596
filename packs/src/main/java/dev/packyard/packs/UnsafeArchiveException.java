package dev.packyard.packs;

import java.io.IOException;
import java.util.Objects;

/**
 * A pack archive or folder was refused: it is not a readable {@code .tar.gz}, or reading it as it is would write
 * outside the pack, follow a link out of it, or expand past a size limit. It is an {@link IOException} so that
 * callers reading streams need no extra catch, but it always means "bad input", never "I/O failed": a server should
 * answer it with a client error.
 */
public final class UnsafeArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String entry;
    private final String rule;

    /**
     * @param entry   the archive entry or folder path concerned, as found in the input; {@code ""} for the whole input
     * @param rule    a short stable id, e.g. {@code archive.path-traversal}, {@code archive.too-large}
     * @param message what is wrong and what to do, without the entry and rule (they are added)
     */
    public UnsafeArchiveException(String entry, String rule, String message) {
        super((entry.isEmpty() ? "" : "entry '" + entry + "': ") + message + " (" + rule + ")");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The archive entry or folder path concerned, or {@code ""}. */
    public String entry() {
        return entry;
    }

    /** The broken rule's id. */
    public String rule() {
        return rule;
    }
}
