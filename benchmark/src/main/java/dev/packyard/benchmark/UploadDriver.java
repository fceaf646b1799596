package dev.packyard.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads a list of files, each exactly once, with {@code --connections} concurrent clients (one
 * thread and one keep-alive connection each), as {@code POST URL} with the file as the raw body.
 * Used by benchmark/helm.sh for the ChartMuseum API ({@code POST /api/REPO/charts}). Every file is
 * read into memory first, so the timed part is the HTTP exchanges only.
 */
final class UploadDriver {

    static final String USAGE = """
            Usage: LoadDriver upload --url http://127.0.0.1:PORT/path --files LIST
                                     [--connections 8] [--content-type application/gzip] [--expect 201]
                                     [--max-seconds 600]
              --files LIST    one file path per line, uploaded in that order (the clients share the list)
              --max-seconds   stop starting uploads after this many seconds
            Prints one line: uploads=... errors=... seconds=... rate=... rate_after_10pct=... p50_ms=...
            p99_ms=... max_ms=... bytes=... [first_error=...]; exits 1 when any upload failed.""";

    private UploadDriver() {
    }

    static void main(String[] args) throws InterruptedException {
        URI uri = null;
        Path list = null;
        int connections = 8;
        String contentType = "application/gzip";
        int expect = 201;
        double maxSeconds = 600;
        List<byte[]> bodies = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    throw new IllegalArgumentException(USAGE);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + option + "\n" + USAGE);
                }
                String value = args[++i];
                switch (option) {
                    case "--url" -> uri = URI.create(value);
                    case "--files" -> list = Path.of(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--content-type" -> contentType = value;
                    case "--expect" -> expect = Integer.parseInt(value);
                    case "--max-seconds" -> maxSeconds = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                }
            }
            if (uri == null || list == null) {
                throw new IllegalArgumentException("--url and --files are required\n" + USAGE);
            }
            if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
                throw new IllegalArgumentException("--url must be http://HOST:PORT/path, got " + uri);
            }
            if (connections < 1 || maxSeconds <= 0) {
                throw new IllegalArgumentException("need --connections >= 1 and --max-seconds > 0");
            }
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    bodies.add(Files.readAllBytes(Path.of(line.strip())));
                }
            }
            if (bodies.isEmpty()) {
                throw new IllegalArgumentException("--files " + list + " lists no file");
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }

        String target = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        String head = "POST " + target + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "User-Agent: packyard-benchmark\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: ";
        // Head and body in one buffer, written with one call, as curl and Go's client send small bodies.
        byte[][] requests = bodies.stream().map(body -> {
            byte[] start = (head + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = Arrays.copyOf(start, start.length + body.length);
            System.arraycopy(body, 0, request, start.length, body.length);
            return request;
        }).toArray(byte[][]::new);
        long totalBytes = bodies.stream().mapToLong(b -> b.length).sum();

        byte[][][] jobs = Arrays.stream(requests).map(r -> new byte[][] {r}).toArray(byte[][][]::new);
        System.exit(run(new InetSocketAddress(uri.getHost(), uri.getPort()), jobs, connections, expect, maxSeconds,
                totalBytes));
    }

    /**
     * Runs the jobs, each exactly once, with {@code connections} clients; a job is one or more requests sent in
     * order on one connection (a pack push: config blob, archive blob, manifest), each of which must answer
     * {@code expect}, and counts as one upload. Prints the result line; returns the exit code.
     */
    static int run(InetSocketAddress address, byte[][][] jobs, int connections, int expect, double maxSeconds,
                   long totalBytes) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + (long) (maxSeconds * 1e9);
        List<Uploader> uploaders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Uploader uploader = new Uploader(address, jobs, next, expect, started, deadline);
            uploaders.add(uploader);
            threads.add(Thread.ofPlatform().name("upload-" + i).start(uploader));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] latencies = uploaders.stream().map(u -> u.latencies.toArray()).flatMapToLong(Arrays::stream)
                .sorted().toArray();
        long[] done = uploaders.stream().map(u -> u.completions.toArray()).flatMapToLong(Arrays::stream)
                .sorted().toArray();
        long errors = uploaders.stream().mapToLong(u -> u.errors).sum();
        String firstError = uploaders.stream().map(u -> u.firstError)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        int notTried = Math.max(0, jobs.length - next.get());
        double seconds = done.length == 0 ? 0 : done[done.length - 1] / 1e9;
        double rate = seconds > 0 ? done.length / seconds : 0;
        // After the first 10% of uploads: the server's JIT and caches have warmed up by then.
        int tenth = done.length / 10;
        double rateAfter = Double.NaN;
        if (tenth > 0 && done.length - tenth > 0 && done[done.length - 1] > done[tenth - 1]) {
            rateAfter = (done.length - tenth) / ((done[done.length - 1] - done[tenth - 1]) / 1e9);
        }
        String line = String.format(Locale.ROOT,
                "uploads=%d errors=%d not_tried=%d seconds=%.3f rate=%.1f rate_after_10pct=%.1f p50_ms=%.3f"
                        + " p99_ms=%.3f max_ms=%.3f bytes=%d",
                done.length, errors, notTried, seconds, rate, rateAfter, percentile(latencies, 0.50) / 1e6,
                percentile(latencies, 0.99) / 1e6, percentile(latencies, 1.0) / 1e6, totalBytes);
        if (firstError != null) {
            line += " first_error=" + firstError.replaceAll("\\s+", "_");
        }
        System.out.println(line);
        return errors == 0 && notTried == 0 ? 0 : 1;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** One client: takes the next file from the shared list until it is used up or the deadline passes. */
    private static final class Uploader implements Runnable {

        private final InetSocketAddress address;
        private final byte[][][] jobs;
        private final AtomicInteger next;
        private final int expect;
        private final long started;
        private final long deadline;
        final LongList latencies = new LongList();
        final LongList completions = new LongList();
        long errors;
        String firstError;

        Uploader(InetSocketAddress address, byte[][][] jobs, AtomicInteger next, int expect, long started,
                 long deadline) {
            this.address = address;
            this.jobs = jobs;
            this.next = next;
            this.expect = expect;
            this.started = started;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            try (HttpConnection connection = new HttpConnection(address)) {
                connection.captureBodies(300);
                while (System.nanoTime() < deadline) {
                    int index = next.getAndIncrement();
                    if (index >= jobs.length) {
                        return;
                    }
                    long sent = System.nanoTime();
                    String error = null;
                    try {
                        for (int step = 0; step < jobs[index].length && error == null; step++) {
                            int status = connection.exchange(jobs[index][step], false);
                            if (status != expect) {
                                error = "status " + status + (jobs[index].length > 1 ? " (request " + (step + 1) + ")" : "")
                                        + ": " + connection.lastBody();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        error = e.toString();
                        connection.close();
                    }
                    long now = System.nanoTime();
                    if (error != null) {
                        errors++;
                        if (firstError == null) {
                            firstError = "upload " + (index + 1) + ": " + error;
                        }
                    } else {
                        latencies.add(now - sent);
                        completions.add(now - started);
                    }
                }
            }
        }
    }

    /** A growable list of longs, so recording a sample does not box. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
