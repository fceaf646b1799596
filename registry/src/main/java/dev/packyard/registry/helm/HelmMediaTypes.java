package dev.packyard.registry.helm;

/** The media types Helm pushes and pulls charts with (Helm's {@code pkg/registry/constants.go}). */
final class HelmMediaTypes {

    static final String CONFIG = "application/vnd.cncf.helm.config.v1+json";
    static final String CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    /** What Helm 3.0-3.7 pushed chart content as; Helm still pulls it, with a warning. */
    static final String LEGACY_CHART = "application/tar+gzip";
    static final String PROVENANCE = "application/vnd.cncf.helm.chart.provenance.v1.prov";

    private HelmMediaTypes() {
    }
}
