package dev.packyard.registry.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packyard.registry.oci.ManifestSignatures;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Adds to each hit the signature status of the version it shows ({@code latestManifest}). The status is looked up
 * when the query is answered, not indexed: it changes with every signature pushed and with the trust policies' keys,
 * none of which touch the pack or chart the document was made from. A lookup costs two small storage reads (more
 * only for signed versions, whose checks are cached), so a page of hits costs a few milliseconds.
 */
final class HitSignatures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManifestSignatures signatures;

    HitSignatures(ManifestSignatures signatures) {
        this.signatures = signatures;
    }

    void add(List<ObjectNode> hits) throws IOException {
        for (ObjectNode hit : hits) {
            Optional<ManifestSignatures.Status> status = statusOf(hit.path("latestManifest").asText(""));
            if (status.isPresent()) {
                hit.set("signature", JSON.valueToTree(status.get()));
            } else {
                hit.putNull("signature");
            }
        }
    }

    private Optional<ManifestSignatures.Status> statusOf(String manifest) throws IOException {
        int at = manifest.lastIndexOf('@');
        return at <= 0 ? Optional.empty() : signatures.of(manifest.substring(0, at), manifest.substring(at + 1));
    }
}
