package dev.packyard.e2e.conformance;

/** The blob upload styles of the redesigned conformance suite, each ending in the response that closes the upload. */
enum PushMethod {
    /** {@code POST ?digest=} with the whole blob. */
    POST_ONLY {
        @Override
        Response push(OciClient oci, String repo, Content blob) {
            return oci.pushMonolithic(repo, blob);
        }
    },
    /** {@code POST}, then {@code PUT ?digest=} with the whole blob. */
    POST_PUT {
        @Override
        Response push(OciClient oci, String repo, Content blob) {
            return oci.pushPostPut(repo, blob);
        }
    },
    /** {@code POST}, one streamed {@code PATCH} without {@code Content-Range}, {@code PUT ?digest=}. */
    STREAM {
        @Override
        Response push(OciClient oci, String repo, Content blob) {
            return oci.pushStreamed(repo, blob);
        }
    },
    /** {@code POST}, one {@code PATCH} with {@code Content-Range} holding the whole blob, {@code PUT ?digest=}. */
    CHUNKED_SINGLE {
        @Override
        Response push(OciClient oci, String repo, Content blob) {
            return oci.pushChunked(repo, blob, blob.size(), false);
        }
    },
    /** {@code POST}, three {@code PATCH} chunks, {@code PUT ?digest=} with no body. */
    CHUNKED_MULTI {
        @Override
        Response push(OciClient oci, String repo, Content blob) {
            return oci.pushChunked(repo, blob, blob.size() / 3 + 1, false);
        }
    },
    /** {@code POST}, two {@code PATCH} chunks, and the last chunk carried by {@code PUT ?digest=}. */
    CHUNKED_MULTI_AND_PUT_CHUNK {
        @Override
        Response push(OciClient oci, String repo, Content blob) {
            return oci.pushChunked(repo, blob, blob.size() / 3 + 1, true);
        }
    };

    abstract Response push(OciClient oci, String repo, Content blob);
}
