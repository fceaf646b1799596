package dev.packyard.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Transfer progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise one summary line per
 * transfer when it ends (so logs and CI output stay readable).
 */
public final class Progress {

    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanoTime;

    public Progress(PrintWriter err, boolean terminal) {
        this(err, terminal, System::nanoTime);
    }

    Progress(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /**
     * Starts a transfer.
     *
     * @param verb  what is done, in the past tense for the summary ("uploaded", "downloaded")
     * @param label what is transferred (a file name)
     * @param total its size in bytes
     */
    public Transfer start(String verb, String label, long total) {
        return new Transfer(verb, label, total);
    }

    /** One transfer: count bytes with {@link #wrap} or {@link #advance}, then call {@link #done} or {@link #abandon}. */
    public final class Transfer {
        private final String verb;
        private final String label;
        private final long total;
        private final long started;
        private long bytes;
        private long lastDraw = Long.MIN_VALUE;
        private boolean drawn;
        private boolean finished;

        private Transfer(String verb, String label, long total) {
            this.verb = verb;
            this.label = Table.clean(label);
            this.total = total;
            this.started = nanoTime.getAsLong();
        }

        /** An input stream that counts what is read from {@code in} into this transfer. */
        public InputStream wrap(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        advance(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        advance(n);
                    }
                    return n;
                }
            };
        }

        /** Starts counting again from zero (a retried upload reads its stream again). */
        public synchronized void restart() {
            bytes = 0;
        }

        public synchronized void advance(long n) {
            bytes += n;
            if (!terminal || finished) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (!drawn || now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                draw();
            }
        }

        public synchronized long bytes() {
            return bytes;
        }

        /** Ends the transfer: completes the bar, or prints the summary line. */
        public synchronized void done() {
            if (finished) {
                return;
            }
            finished = true;
            double seconds = (nanoTime.getAsLong() - started) / 1e9;
            if (bytes == 0 && total > 0) {
                // nothing was sent or received: the registry had the blob already
                if (drawn) {
                    err.print("\r\033[K");
                }
                err.println(label + ": already in the registry (" + formatBytes(total) + ")");
            } else if (terminal) {
                draw();
                err.println();
            } else {
                err.println(summary(verb, label, bytes, seconds));
            }
            err.flush();
        }

        /** Ends a failed transfer: clears the bar so the failure is printed on a clean line. */
        public synchronized void abandon() {
            if (finished) {
                return;
            }
            finished = true;
            if (drawn) {
                err.print("\r\033[K");
                err.flush();
            }
        }

        private void draw() {
            drawn = true;
            err.print("\r" + bar(label, bytes, total) + "\033[K");
            err.flush();
        }
    }

    /** One frame of the bar, e.g. {@code cilium-1.15.3.tar.gz [===========>            ]  45%  1.2 MiB / 2.7 MiB}. */
    static String bar(String label, long bytes, long total) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, bytes * 100 / total);
        int filled = percent * BAR_WIDTH / 100;
        StringBuilder bar = new StringBuilder(BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : (i == filled && percent < 100 ? '>' : ' '));
        }
        return String.format(Locale.ROOT, "%s [%s] %3d%%  %s / %s", label, bar, percent,
                formatBytes(bytes), formatBytes(total));
    }

    /** The line printed for a finished transfer when stderr is not a terminal. */
    static String summary(String verb, String label, long bytes, double seconds) {
        return String.format(Locale.ROOT, "%s %s (%s in %.1f s)", verb, label, formatBytes(bytes), seconds);
    }

    /** A byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 2.7 MiB}, {@code 1.2 GiB}. */
    public static String formatBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
