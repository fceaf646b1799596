package dev.packyard.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client: sends requests back to back on its own connection until the measured window closes.
 * Counts the responses that complete inside the window, and their latencies. With one URL it sends
 * the same request every time; with several, the clients share a counter and take the URLs in turn
 * (cycling, or each exactly once with {@code --once}, stopping when the list is used up).
 */
final class Worker implements Runnable {

    private final InetSocketAddress address;
    private final byte[][] requests;
    private final AtomicLong next;
    private final boolean once;
    private final boolean head;
    private final int expectStatus;
    private final long measureStart;
    private final long measureEnd;

    private long[] latencies = new long[16 * 1024];
    private int count;
    private long errors;
    private String firstError;

    Worker(Options options, byte[][] requests, AtomicLong next, long measureStart, long measureEnd) {
        this.address = new InetSocketAddress(options.uri().getHost(), options.uri().getPort());
        this.requests = requests;
        this.next = next;
        this.once = options.once();
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
                byte[] request;
                if (requests.length == 1 && !once) {
                    request = requests[0];
                } else {
                    long index = next.getAndIncrement();
                    if (once && index >= requests.length) {
                        return;
                    }
                    request = requests[(int) (index % requests.length)];
                }
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
