package dev.packyard.benchmark;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load driver for the requests-per-second rows of benchmark/run.sh:
 * N clients, each on its own thread and keep-alive connection, send the same GET or HEAD
 * back to back for a warm-up period and then a fixed measured window. benchmark/packs.sh also
 * uses it with a list of URLs ({@code --urls}), cycled or each requested once ({@code --once}).
 * Two subcommands serve benchmark/helm.sh: {@code charts} writes Helm chart packages
 * ({@link ChartGenerator}) and {@code upload} POSTs a list of files concurrently ({@link UploadDriver}). For
 * benchmark/search.sh, {@code push-packs} pushes generated packs over OCI ({@link PackPusher}) and
 * {@code search-urls} writes the mixed query list ({@link SearchCorpus}).
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("charts")) {
            ChartGenerator.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("push-packs")) {
            PackPusher.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("search-urls")) {
            SearchCorpus.urls(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("upload")) {
            UploadDriver.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        byte[][] requests = options.requests();
        AtomicLong next = new AtomicLong();
        long started = System.nanoTime();
        long measureStart = started + options.warmupNanos();
        long measureEnd = measureStart + options.durationNanos();

        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Worker worker = new Worker(options, requests, next, measureStart, measureEnd);
            workers.add(worker);
            threads.add(Thread.ofPlatform().name("client-" + i).start(worker));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // With --once the window is the time the list took (capped by --duration).
        long window = options.once() ? Math.min(System.nanoTime() - started, options.durationNanos())
                : options.durationNanos();
        Result result = Result.of(workers, window);
        System.out.println(result.line());
        System.exit(result.requests() > 0 ? 0 : 1);
    }
}
