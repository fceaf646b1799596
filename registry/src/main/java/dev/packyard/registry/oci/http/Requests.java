package dev.packyard.registry.oci.http;

import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.DigestAlgorithm;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.RepositoryName;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/** Reads and validates the parts of a request every handler needs, with the spec's error for each mistake. */
final class Requests {

    private Requests() {
    }

    static RepositoryName repository(String raw) {
        if (!RepositoryName.isValid(raw)) {
            throw new OciException(ErrorCode.NAME_INVALID, RepositoryName.explain(raw));
        }
        return new RepositoryName(raw);
    }

    /**
     * A digest that names content to read. A grammatical digest of an algorithm the registry doesn't compute can't
     * name anything stored, so it is "unknown" ({@code whenUnknown}) rather than a bad request.
     */
    static Digest digestToRead(String text, ErrorCode whenUnknown, String what) {
        return switch (Digest.parse(text)) {
            case Digest.Valid valid -> valid.digest();
            case Digest.Unsupported unsupported -> throw new OciException(whenUnknown,
                    what + " " + text + " is unknown: this registry stores " + DigestAlgorithm.supportedIds() + " digests only");
            case Digest.Invalid invalid -> throw new OciException(ErrorCode.DIGEST_INVALID,
                    "'" + text + "' is not a valid digest: " + invalid.reason());
        };
    }

    /** A digest a client gives for content it sends; it must be of a supported algorithm. */
    static Digest digestToWrite(String text, String parameter) {
        return switch (Digest.parse(text)) {
            case Digest.Valid valid -> valid.digest();
            case Digest.Unsupported unsupported -> throw new OciException(ErrorCode.DIGEST_INVALID,
                    parameter + " uses digest algorithm '" + unsupported.algorithm() + "'; this registry supports "
                            + DigestAlgorithm.supportedIds());
            case Digest.Invalid invalid -> throw new OciException(ErrorCode.DIGEST_INVALID,
                    parameter + " '" + text + "' is not a valid digest: " + invalid.reason());
        };
    }

    static Optional<String> query(ServerRequest request, String name) {
        return request.query().contains(name) ? Optional.of(request.query().get(name)) : Optional.empty();
    }
}
