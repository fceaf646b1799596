package dev.packyard.benchmark;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the load driver.
 *
 * @param uri         the one URL every request goes to (http only)
 * @param method      GET or HEAD
 * @param headers     extra request headers, each "Name: value"
 * @param connections number of concurrent clients, one keep-alive connection and one thread each
 * @param warmupNanos time before measuring starts (requests are sent but not counted)
 * @param durationNanos measured time
 * @param expectStatus the status every response must have; any other counts as an error
 */
record Options(URI uri, String method, List<String> headers, int connections,
               long warmupNanos, long durationNanos, int expectStatus) {

    static final String USAGE = """
            Usage: LoadDriver --url http://127.0.0.1:PORT/path [--method GET|HEAD] [--header 'Name: value']...
                              [--connections 10] [--warmup SECONDS] [--duration SECONDS] [--expect 200]
            Prints one line: rps=... requests=... errors=... p50_ms=... p99_ms=... [first_error=...]""";

    static Options parse(String[] args) {
        URI uri = null;
        String method = "GET";
        List<String> headers = new ArrayList<>();
        int connections = 10;
        double warmup = 1;
        double duration = 5;
        int expect = 200;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> uri = URI.create(value);
                case "--method" -> method = value.toUpperCase(java.util.Locale.ROOT);
                case "--header" -> headers.add(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--duration" -> duration = Double.parseDouble(value);
                case "--expect" -> expect = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (uri == null || !"http".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT/path\n" + USAGE);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new IllegalArgumentException("--method must be GET or HEAD");
        }
        if (connections < 1 || warmup < 0 || duration <= 0 || duration > 600) {
            throw new IllegalArgumentException("need connections >= 1, warmup >= 0, 0 < duration <= 600");
        }
        return new Options(uri, method, List.copyOf(headers), connections,
                (long) (warmup * 1e9), (long) (duration * 1e9), expect);
    }

    boolean head() {
        return method.equals("HEAD");
    }

    /** The complete request as sent on the wire, identical for every request. */
    byte[] requestBytes() {
        String target = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("User-Agent: packyard-benchmark\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
