package dev.packyard.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop HTTP load driver for the requests-per-second rows of benchmark/run.sh:
 * N clients, each on its own thread and keep-alive connection, send the same GET or HEAD
 * back to back for a warm-up period and then a fixed measured window.
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long measureStart = System.nanoTime() + options.warmupNanos();
        long measureEnd = measureStart + options.durationNanos();

        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Worker worker = new Worker(options, measureStart, measureEnd);
            workers.add(worker);
            threads.add(Thread.ofPlatform().name("client-" + i).start(worker));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Result result = Result.of(workers, options.durationNanos());
        System.out.println(result.line());
        System.exit(result.requests() > 0 ? 0 : 1);
    }
}
