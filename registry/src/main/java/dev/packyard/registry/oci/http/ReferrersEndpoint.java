package dev.packyard.registry.oci.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.registry.oci.manifest.MediaTypes;
import dev.packyard.registry.oci.store.ManifestStore;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/referrers/<digest>[?artifactType=]}: an image index of every manifest in the repository
 * whose subject is the digest, even when the subject itself was never pushed.
 */
final class ReferrersEndpoint {

    private final ManifestStore manifests;

    ReferrersEndpoint(ManifestStore manifests) {
        this.manifests = manifests;
    }

    void get(ServerRequest request, ServerResponse response, OciRoute.Referrers route, boolean head) throws IOException {
        RepositoryName repository = Requests.repository(route.name());
        Optional<String> artifactType = Requests.query(request, "artifactType");
        List<ObjectNode> referrers = switch (Digest.parse(route.digest())) {
            case Digest.Valid valid -> manifests.referrers(repository, valid.digest());
            case Digest.Unsupported unsupported -> List.of(); // nothing can refer to a digest no manifest can have
            case Digest.Invalid invalid -> throw new OciException(ErrorCode.DIGEST_INVALID,
                    "'" + route.digest() + "' is not a valid digest: " + invalid.reason());
        };
        ObjectNode index = Responses.json().createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode list = index.putArray("manifests");
        for (ObjectNode descriptor : referrers) {
            if (artifactType.isEmpty() || artifactType.get().equals(descriptor.path("artifactType").asText(null))) {
                list.add(descriptor);
            }
        }
        if (artifactType.isPresent()) {
            response.header(Responses.OCI_FILTERS_APPLIED, "artifactType");
        }
        Responses.json(response, 200, index, MediaTypes.OCI_INDEX, head);
    }
}
