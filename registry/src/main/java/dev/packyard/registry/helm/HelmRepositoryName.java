package dev.packyard.registry.helm;

import dev.packyard.registry.oci.RepositoryName;

import java.util.Optional;

/**
 * The name of a Helm repository. Helm repository {@code R} is the set of charts under the OCI namespace {@code R/}:
 * chart {@code NAME} lives in the OCI repository {@code R/NAME}, where {@code helm push chart.tgz oci://HOST/R} puts it.
 * {@code R} may have several segments ({@code team/charts}).
 */
record HelmRepositoryName(String value) {

    HelmRepositoryName {
        if (!isValid(value)) {
            throw new IllegalArgumentException(explain(value));
        }
    }

    static boolean isValid(String value) {
        // The room for "/<chart name>" keeps every chart repository name within the OCI limit.
        return RepositoryName.isValid(value) && value.length() <= RepositoryName.MAX_LENGTH - 2;
    }

    static String explain(String value) {
        return "'" + value + "' is not a Helm repository name: use lowercase letters and digits, with '.', '_', '-' "
                + "between them and '/' between segments, like an OCI namespace (e.g. charts or team/charts)";
    }

    /** The Helm repository a chart repository belongs to: everything before its last segment. */
    static Optional<HelmRepositoryName> of(RepositoryName chartRepository) {
        int slash = chartRepository.value().lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(new HelmRepositoryName(chartRepository.value().substring(0, slash)));
    }

    /** The chart's name in its Helm repository: the OCI repository's last segment. */
    static String chartName(RepositoryName chartRepository) {
        return chartRepository.value().substring(chartRepository.value().lastIndexOf('/') + 1);
    }

    RepositoryName chartRepository(String chartName) {
        return new RepositoryName(value + "/" + chartName);
    }

    RepositoryName asNamespace() {
        return new RepositoryName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
