package dev.packyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packyard.cli.Failures.HttpStatusException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.Registry;
import land.oras.Tags;
import land.oras.auth.UsernamePasswordProvider;

/**
 * Talks to one registry. Blobs, manifests and tags go through oras-java; the pack catalog ({@code /v1/packs}), the
 * {@code /v2/} check and the manifest {@code PUT} go through the JDK's HTTP client, because oras-java 0.7.0 drops
 * the body of an error response (its {@code OrasException} keeps only the status), and the body of a refused
 * manifest is where Packyard lists the pack's problems.
 */
public final class RegistryClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final RegistryTarget target;
    private final Optional<Credentials> credentials;
    private HttpClient http;
    private Registry oras;

    public RegistryClient(RegistryTarget target, Optional<Credentials> credentials) {
        this.target = target;
        this.credentials = credentials;
    }

    public RegistryTarget target() {
        return target;
    }

    public boolean authenticated() {
        return credentials.isPresent();
    }

    /** An HTTP answer read whole. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String bodyText() {
            return PackManifest.utf8(body);
        }
    }

    // ---------------------------------------------------------------- plain HTTP

    /** Sends a request to the registry, with the stored credentials (if any) as Basic authentication. */
    public Response send(String method, String pathAndQuery, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, body, headers, credentials);
    }

    /** Sends a request with the given credentials (or none). */
    public Response send(String method, String pathAndQuery, byte[] body, Map<String, String> headers,
                         Optional<Credentials> auth) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "packyard-cli/" + PackyardCli.version())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        auth.ifPresent(c -> request.header("Authorization", c.basicHeader()));
        HttpResponse<byte[]> response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /**
     * GETs a JSON document.
     *
     * @throws HttpStatusException on an answer other than 2xx
     * @throws CliException        when the answer is not JSON
     */
    public JsonNode getJson(String pathAndQuery, String what) throws IOException, InterruptedException {
        Response response = send("GET", pathAndQuery, null, Map.of("Accept", "application/json"));
        if (!response.ok()) {
            throw new HttpStatusException(response.status(), what + " (GET " + pathAndQuery + ")",
                    ServerErrors.parse(response.body()).summary());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(what + ": GET " + target.display() + pathAndQuery
                    + " did not answer JSON; is " + target.display() + " a Packyard server?");
        }
    }

    /** PUTs a pack's manifest by tag and returns the answer as it is (the caller reads the problems of a 400). */
    public Response putManifest(String pack, String tag, byte[] manifest) throws IOException, InterruptedException {
        return send("PUT", "/v2/" + RegistryTarget.repository(pack) + "/manifests/" + tag, manifest,
                Map.of("Content-Type", PackManifest.MANIFEST_MEDIA_TYPE));
    }

    // ---------------------------------------------------------------- OCI through oras-java

    /** Uploads a small blob (a config) unless the registry has it. */
    public Layer pushBlob(String pack, byte[] data) {
        return oras().pushBlob(ref(pack, null), data);
    }

    /**
     * Uploads a blob from a stream unless the registry has it (then {@code content} is never called).
     *
     * @param content opens the bytes; called again if the upload is retried
     */
    public Layer pushBlob(String pack, String digest, long size, Supplier<InputStream> content,
                          Map<String, String> annotations) {
        return oras().pushBlob(blobRef(pack, digest), size, content, annotations);
    }

    /** The manifest of a pack's tag or digest. */
    public Manifest manifest(String pack, String reference) {
        return oras().getManifest(ref(pack, reference));
    }

    /** Opens a blob of a pack's repository. */
    public InputStream fetchBlob(String pack, String digest) {
        return oras().fetchBlob(blobRef(pack, digest));
    }

    /** Every tag of a pack's repository, following the registry's pages. */
    public List<String> tags(String pack) {
        Set<String> all = new LinkedHashSet<>();
        ContainerRef ref = ref(pack, null);
        String last = null;
        for (int page = 0; page < 10_000; page++) {
            Tags tags = page == 0 ? oras().getTags(ref) : oras().getTags(ref, 1000, last);
            List<String> names = tags.tags() == null ? List.of() : tags.tags();
            int before = all.size();
            all.addAll(names);
            if (tags.last() == null || names.isEmpty() || all.size() == before) {
                break;
            }
            last = tags.last();
        }
        return new ArrayList<>(all);
    }

    private ContainerRef ref(String pack, String reference) {
        String text = target.hostPort() + "/" + RegistryTarget.repository(pack);
        if (reference != null) {
            text = target.reference(pack, reference);
        }
        return ContainerRef.parse(text);
    }

    private ContainerRef blobRef(String pack, String digest) {
        return ContainerRef.parse(target.hostPort() + "/" + RegistryTarget.repository(pack) + "@" + digest);
    }

    private synchronized Registry oras() {
        if (oras == null) {
            Registry.Builder builder = Registry.builder();
            if (target.plainHttp()) {
                builder = builder.insecure();
            } else {
                builder = builder.withInsecure(false).withSkipTlsVerify(target.insecureTls());
            }
            if (credentials.isPresent()) {
                builder = builder.withAuthProvider(
                        new UsernamePasswordProvider(credentials.get().username(), credentials.get().password()));
            }
            oras = builder.withParallelism(1).build();
        }
        return oras;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL);
            if (!target.plainHttp() && target.insecureTls()) {
                builder.sslContext(trustingEverything());
            }
            http = builder.build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (oras != null) {
            oras.getExecutorService().shutdownNow();
        }
        if (http != null) {
            http.shutdownNow();
        }
    }

    /** {@code --insecure}: accept any certificate for any host name (an {@link X509ExtendedTrustManager} that checks nothing). */
    private static SSLContext trustingEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new java.security.SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS without verification", e);
        }
    }
}
