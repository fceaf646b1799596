package dev.packyard.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * One client: sends the same request back to back on its own connection until the measured
 * window closes. Counts the responses that complete inside the window, and their latencies.
 */
final class Worker implements Runnable {

    private final InetSocketAddress address;
    private final byte[] request;
    private final boolean head;
    private final int expectStatus;
    private final long measureStart;
    private final long measureEnd;

    private long[] latencies = new long[16 * 1024];
    private int count;
    private long errors;
    private String firstError;

    Worker(Options options, long measureStart, long measureEnd) {
        this.address = new InetSocketAddress(options.uri().getHost(), options.uri().getPort());
        this.request = options.requestBytes();
        this.head = options.head();
        this.expectStatus = options.expectStatus();
        this.measureStart = measureStart;
        this.measureEnd = measureEnd;
    }

    @Override
    public void run() {
        try (HttpConnection connection = new HttpConnection(address)) {
            long now = System.nanoTime();
            while (now < measureEnd) {
                long started = now;
                String error = null;
                try {
                    int status = connection.exchange(request, head);
                    if (status != expectStatus) {
                        error = "status " + status;
                    }
                } catch (IOException | RuntimeException e) {
                    error = e.toString();
                    connection.close();
                }
                now = System.nanoTime();
                if (error != null) {
                    errors++;
                    if (firstError == null) {
                        firstError = error;
                    }
                    if (errors > 10_000) {
                        return; // the server is clearly not answering this request; stop early
                    }
                } else if (now >= measureStart && now < measureEnd) {
                    record(now - started);
                }
            }
        }
    }

    private void record(long latencyNanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latencyNanos;
    }

    long[] latencies() {
        return Arrays.copyOf(latencies, count);
    }

    long errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }
}
