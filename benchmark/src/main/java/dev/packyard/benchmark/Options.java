package dev.packyard.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the load driver.
 *
 * @param uri         the first URL (http only); with {@code --urls}, the first line of the file
 * @param uris        every URL the clients cycle through, in order: just {@code uri}, or the lines of
 *                    the {@code --urls} file (all on the same host and port)
 * @param once        request each URL exactly once (shared among the clients) instead of cycling for
 *                    a fixed window; the window is then the time the whole list took
 * @param method      GET or HEAD
 * @param headers     extra request headers, each "Name: value"
 * @param connections number of concurrent clients, one keep-alive connection and one thread each
 * @param warmupNanos time before measuring starts (requests are sent but not counted)
 * @param durationNanos measured time
 * @param expectStatus the status every response must have; any other counts as an error
 */
record Options(URI uri, List<URI> uris, boolean once, String method, List<String> headers, int connections,
               long warmupNanos, long durationNanos, int expectStatus) {

    static final String USAGE = """
            Usage: LoadDriver (--url http://127.0.0.1:PORT/path | --urls FILE [--once])
                              [--method GET|HEAD] [--header 'Name: value']...
                              [--connections 10] [--warmup SECONDS] [--duration SECONDS] [--expect 200]
              --urls FILE   one URL per line (same host and port); the clients take them in turn,
                            cycling through the list for the warm-up and the measured window
              --once        with --urls: request every URL exactly once, no warm-up; --duration caps
                            the run, and req/s is over the time the list took
            Prints one line: rps=... requests=... errors=... p50_ms=... p99_ms=... [first_error=...]
            Other modes: LoadDriver charts --help, LoadDriver upload --help (benchmark/helm.sh),
            LoadDriver push-packs --help, LoadDriver search-urls (benchmark/search.sh)""";

    static Options parse(String[] args) {
        URI uri = null;
        Path urlFile = null;
        boolean once = false;
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
            if (name.equals("--once")) {
                once = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> uri = URI.create(value);
                case "--urls" -> urlFile = Path.of(value);
                case "--method" -> method = value.toUpperCase(java.util.Locale.ROOT);
                case "--header" -> headers.add(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--duration" -> duration = Double.parseDouble(value);
                case "--expect" -> expect = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if ((uri == null) == (urlFile == null)) {
            throw new IllegalArgumentException("give exactly one of --url and --urls\n" + USAGE);
        }
        if (once && urlFile == null) {
            throw new IllegalArgumentException("--once needs --urls\n" + USAGE);
        }
        List<URI> uris = urlFile == null ? List.of(uri) : readUrls(urlFile);
        uri = uris.get(0);
        for (URI each : uris) {
            if (!"http".equals(each.getScheme()) || each.getPort() < 0) {
                throw new IllegalArgumentException("URLs must be http://HOST:PORT/path, got " + each + "\n" + USAGE);
            }
            if (!each.getHost().equals(uri.getHost()) || each.getPort() != uri.getPort()) {
                throw new IllegalArgumentException("every URL must be on " + uri.getHost() + ":" + uri.getPort()
                        + ", got " + each);
            }
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new IllegalArgumentException("--method must be GET or HEAD");
        }
        if (connections < 1 || warmup < 0 || duration <= 0 || duration > 600) {
            throw new IllegalArgumentException("need connections >= 1, warmup >= 0, 0 < duration <= 600");
        }
        if (once) {
            warmup = 0;
        }
        return new Options(uri, uris, once, method, List.copyOf(headers), connections,
                (long) (warmup * 1e9), (long) (duration * 1e9), expect);
    }

    private static List<URI> readUrls(Path file) {
        List<URI> uris = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    uris.add(URI.create(line.strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --urls " + file + ": " + e.getMessage(), e);
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("--urls " + file + " has no URL");
        }
        return uris;
    }

    boolean head() {
        return method.equals("HEAD");
    }

    /** The complete request for each URL, as sent on the wire, in the order of {@link #uris()}. */
    byte[][] requests() {
        return uris.stream().map(this::requestBytes).toArray(byte[][]::new);
    }

    private byte[] requestBytes(URI uri) {
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
