package dev.packyard.e2e.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.SearchResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A classic Helm repository as the real Helm client sees it ({@code helm repo add}, {@code repo update},
 * {@code search repo}, {@code template REPO/NAME}), added under a unique name to a repositories.yaml of its own.
 *
 * <p>Helm keeps the downloaded index in {@code $HELM_CACHE_HOME/repository/<name>-index.yaml}, shared by every
 * test of the JVM (and of earlier runs): the unique name keeps tests from reading each other's index.
 */
final class HelmRepo {

    private final String name;
    private final URI url;
    private final Path repositoryConfig;

    private HelmRepo(String name, URI url, Path repositoryConfig) {
        this.name = name;
        this.url = url;
        this.repositoryConfig = repositoryConfig;
    }

    /** {@code helm repo add <prefix>-<random> <url>} into {@code <dir>/<name>-repositories.yaml}. */
    static HelmRepo add(Path dir, String prefix, URI url) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HelmRepo repo = new HelmRepo(name, url, dir.resolve(name + "-repositories.yaml"));
        Helm.repo().add().withRepositoryConfig(repo.repositoryConfig).withName(name).withUrl(url).call();
        return repo;
    }

    /** Fails unless Maven set Helm's folders (see e2e/pom.xml) so the tests do not touch the user's own Helm. */
    static void requireIsolatedHelmHome() {
        for (String variable : List.of("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME")) {
            if (System.getenv(variable) == null) {
                throw new IllegalStateException(variable + " is not set: run the Helm e2e tests through Maven "
                        + "(e2e/pom.xml sets Helm's folders under target/helm-home)");
            }
        }
    }

    String name() {
        return name;
    }

    URI url() {
        return url;
    }

    Path repositoryConfig() {
        return repositoryConfig;
    }

    /** {@code helm repo update <name>}: downloads the index again. */
    void update() {
        Helm.repo().update().withRepositoryConfig(repositoryConfig).withRepo(name).call();
    }

    /** {@code helm search repo <keyword> --versions --devel}, of this repository only. */
    List<SearchResult> search(String keyword) {
        return Helm.search().repo().withRepositoryConfig(repositoryConfig).withKeyword(keyword).devel().call()
                .stream().filter(r -> r.getName().startsWith(name + "/")).toList();
    }

    /** The versions {@code helm search repo} finds for {@code chart}, newest first as Helm sorts them. */
    List<String> versions(String chart) {
        return search(chart).stream().filter(r -> r.getName().equals(name + "/" + chart))
                .map(SearchResult::getChartVersion).toList();
    }

    /** {@code helm template <release> <name>/<chart> --version <version>}: fetches the chart as helm pull does. */
    String template(String release, String chart, String version) {
        return Helm.template(name + "/" + chart).withName(release).withVersion(version)
                .withRepositoryConfig(repositoryConfig).call();
    }

    /**
     * Like {@link #template(String, String, String)} for a cluster of {@code kubeVersion}: without it helm-java's
     * Helm assumes Kubernetes v1.20.0, older than many charts' {@code kubeVersion} constraint.
     */
    String template(String release, String chart, String version, String kubeVersion) {
        return Helm.template(name + "/" + chart).withName(release).withVersion(version).withKubeVersion(kubeVersion)
                .withRepositoryConfig(repositoryConfig).call();
    }
}
