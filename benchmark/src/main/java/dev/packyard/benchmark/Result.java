package dev.packyard.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one measured window produced.
 *
 * @param requests   successful responses completed inside the window
 * @param errors     failed requests during warm-up and window (wrong status, I/O error)
 * @param seconds    length of the window
 * @param p50Millis  median latency of the counted requests
 * @param p99Millis  99th-percentile latency of the counted requests
 * @param firstError the first failure seen, or null
 */
record Result(long requests, long errors, double seconds, double p50Millis, double p99Millis, String firstError) {

    static Result of(List<Worker> workers, long windowNanos) {
        long[] all = workers.stream().map(Worker::latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        long errors = workers.stream().mapToLong(Worker::errors).sum();
        String firstError = workers.stream().map(Worker::firstError)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return new Result(all.length, errors, windowNanos / 1e9,
                percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, firstError);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    double requestsPerSecond() {
        return requests / seconds;
    }

    /** One line of key=value pairs, read by benchmark/run.sh. */
    String line() {
        String line = String.format(Locale.ROOT, "rps=%.1f requests=%d errors=%d p50_ms=%.3f p99_ms=%.3f",
                requestsPerSecond(), requests, errors, p50Millis, p99Millis);
        return firstError == null ? line : line + " first_error=" + firstError.replaceAll("\\s+", "_");
    }
}
