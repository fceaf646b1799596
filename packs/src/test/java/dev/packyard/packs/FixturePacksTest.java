package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The 13 real pack-central packs read, validate (at most warnings) and parse into what their files say. */
class FixturePacksTest {

    private final PackValidator validator = new PackValidator();

    private Pack load(String folder) {
        PackLoad load = validator.load(Fixtures.read(folder));
        assertTrue(load.report().valid(), () -> folder + ":\n" + load.report().format());
        return load.pack().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("dev.packyard.packs.Fixtures#packs")
    void everyFixturePackValidatesWithAtMostWarningsAndParses(String folder) {
        PackFiles files = Fixtures.read(folder);
        ValidationReport report = validator.validate(files);
        assertEquals(List.of(), report.errors(), report::format);
        Pack pack = load(folder);
        assertEquals(files, pack.files());
        assertFalse(pack.metadata().name().isBlank());
        assertTrue(PackVersion.parse(pack.metadata().version()).isPresent());
        assertTrue(pack.logo().isPresent(), "every fixture has a logo");
        // The only warnings real packs earn are these (pack-central does not hold itself to all of its CI rules).
        Set<String> allowed = Set.of("values.no-images", "values.no-pack", "values.no-charts-or-manifests",
                "file.missing");
        assertTrue(report.warnings().stream().allMatch(p -> allowed.contains(p.rule())), report::format);
    }

    @Test
    void tidyPacksHaveNoWarningsAtAll() {
        for (String folder : List.of("crossplane-1.16", "crossplane-1.19.1", "crossplane-2.1.3", "crossplane-2.3.0",
                "hello-universe-1.1.3", "hello-universe-1.3.0", "hello-universe-1.3.1", "upbound-crossplane-2.0.2-up.3")) {
            ValidationReport report = validator.validate(Fixtures.read(folder));
            assertEquals(List.of(), report.problems(), () -> folder + ":\n" + report.format());
        }
    }

    @Test
    void untidyPacksGetTheWarningsTheyDeserve() {
        assertEquals(Set.of("values.no-images", "file.missing:README.md"), rules("argocd-3.26.7"));
        assertEquals(Set.of("values.no-pack", "values.no-images", "file.missing:README.md"), rules("nfs-subdir-external-4.0.13"));
        assertEquals(Set.of("values.no-charts-or-manifests", "values.no-images", "file.missing:README.md"),
                rules("multus-3.9.0"));
    }

    private Set<String> rules(String folder) {
        return validator.validate(Fixtures.read(folder)).warnings().stream()
                .map(p -> p.rule() + (p.rule().equals("file.missing") ? ":" + p.file() : ""))
                .collect(Collectors.toSet());
    }

    @Test
    void permissionManagerHasSixOptionalKubernetesDependencies() {
        PackMetadata meta = load("permission-manager-1.0.0").metadata();
        List<Dependency> deps = meta.constraints().dependencies();
        assertEquals(List.of("kubernetes", "kubernetes-eksd", "kubernetes-tke", "kubernetes-eks", "kubernetes-konvoy",
                "kubernetes-aks"), deps.stream().map(Dependency::packName).toList());
        assertTrue(deps.stream().allMatch(d -> d.type() == DependencyType.OPTIONAL && d.layer() == Layer.K8S
                && d.minVersion().isEmpty()));
        assertEquals(List.of("1.21.49", "1.21.49", "1.20.49", "1.21", "1.21.49", "1.21"),
                deps.stream().map(Dependency::maxVersion).toList());
        assertEquals("authentication", meta.addonType().orElseThrow());
        assertEquals("https://docs.spectrocloud.com/integrations/permission-manager", meta.annotations().get("docsURL"));
        assertEquals(List.of("manifests/permission-manager.yaml"), meta.kubeManifests());
        assertEquals(PackState.ACTIVE, meta.state());
    }

    @Test
    void argocdIsDeprecatedWithAnUpgradeConstraintAndHoldsArgoCd() {
        Pack pack = load("argocd-3.26.7");
        PackMetadata meta = pack.metadata();
        assertEquals("argo-cd", meta.name(), "the folder name is not the pack name");
        assertEquals("Argo CD", meta.displayName());
        assertEquals(PackState.DEPRECATED, meta.state());
        assertEquals(List.of(new Dependency("argo-cd", Layer.ADDON, "", "3.26.7", DependencyType.UPGRADE)),
                meta.constraints().dependencies());
        assertEquals(List.of("charts/argo-cd.tgz"), meta.charts());
        assertEquals("community", meta.source().orElseThrow());
        assertFalse(meta.fips());
        assertEquals(List.of("Ingress:enable-ingress", "Ingress:disable-ingress"),
                pack.presets().stream().map(Preset::id).toList());
        assertEquals(List.of("Ingress:disable-ingress"), pack.values().enabledPresets());
        assertEquals("argocd", pack.values().pack().namespace().orElseThrow());
        assertTrue(pack.files().paths().contains("charts/argo-cd/.helmignore"), "dotfiles are pack files");
        assertTrue(pack.files().paths().contains("charts/argo-cd/Chart.yaml"), "expanded chart folders are pack files");
        assertTrue(pack.readme().isEmpty());
    }

    @Test
    void helloUniverseHasPresetsSchemaAndEnabledPresets() {
        Pack pack = load("hello-universe-1.3.1");
        assertEquals(List.of("disable-api", "enable-api"), pack.presets().stream().map(Preset::name).toList());
        Preset enable = pack.presets().get(1);
        assertEquals("Enable Hello Universe API", enable.displayName());
        assertEquals("Backend", enable.group());
        assertEquals(List.of(), enable.remove());
        assertTrue(enable.add().contains("apiEnabled: true"), enable.add());
        assertEquals(List.of("Backend:disable-api"), pack.values().enabledPresets());

        assertEquals(21, pack.schema().size());
        assertEquals(5, pack.schema().stream().filter(ValueSchema::required).count());
        ValueSchema port = pack.schema().stream().filter(s -> s.path().equals("manifests.hello-universe.port"))
                .findFirst().orElseThrow();
        assertTrue(port.required());
        assertFalse(port.readonly());
        assertEquals("${number}", port.format().orElseThrow());
        assertEquals(List.of("Enter the cluster port number on which the UI service will listen for incoming traffic."),
                port.hints());
        ValueSchema effect = pack.schema().stream()
                .filter(s -> s.path().equals("manifests.hello-universe.ui.tolerations.effect")).findFirst().orElseThrow();
        assertFalse(effect.required());
        assertEquals("${list:[PreferNoSchedule,NoSchedule,NoExecute]}", effect.format().orElseThrow());

        assertEquals(List.of("ghcr.io/spectrocloud/hello-universe:1.3.2", "ghcr.io/spectrocloud/hello-universe:1.3.2-proxy",
                "ghcr.io/spectrocloud/hello-universe-api:1.1.1", "ghcr.io/spectrocloud/hello-universe-db:1.1.0"),
                pack.values().pack().images());
        assertEquals(8080, pack.values().tree().at("/manifests/hello-universe/port").asInt());
        assertTrue(pack.values().text().startsWith("# spectrocloud.com/enabled-presets: Backend:disable-api"));
        assertEquals(Layer.ADDON, pack.metadata().layer());
        assertEquals("app services", pack.metadata().addonType().orElseThrow());
        assertTrue(pack.readme().orElseThrow().length() > 0);
    }

    @Test
    void upboundCrossplaneHasAPreReleaseVersion() {
        PackMetadata meta = load("upbound-crossplane-2.0.2-up.3").metadata();
        assertEquals("2.0.2-up.3", meta.version());
        PackVersion version = PackVersion.parse(meta.version()).orElseThrow();
        assertTrue(version.isPrerelease());
        assertTrue(version.compareTo(PackVersion.parse("2.0.2").orElseThrow()) < 0);
        assertEquals(List.of("charts/crossplane-2.0.2-up.3.tgz"), meta.charts());
    }

    @Test
    void crossplane116FolderHoldsVersion1160() {
        Pack pack = load("crossplane-1.16");
        assertEquals("crossplane", pack.metadata().name());
        assertEquals("1.16.0", pack.metadata().version());
        assertEquals("crossplane-1.16.0", pack.folderName());
        assertEquals(List.of("Provider:palette-provider"), pack.presets().stream().map(Preset::id).toList());
        assertEquals(List.of("xpkg.upbound.io/crossplane/crossplane:v1.16.0"), pack.values().pack().images());
    }

    @Test
    void crossplaneDependsOnKubernetesAndNeedsResources() {
        Constraints constraints = load("crossplane-2.3.0").metadata().constraints();
        assertEquals(List.of(new Dependency("kubernetes", Layer.K8S, "1.29", "", DependencyType.OPTIONAL)),
                constraints.dependencies());
        assertEquals(List.of(new ResourceRequirement("cpu", OptionalDouble.of(100), List.of()),
                new ResourceRequirement("memory", OptionalDouble.of(256), List.of())), constraints.resources());
        assertEquals("1.27", load("crossplane-2.1.3").metadata().constraints().dependencies().get(0).minVersion());
    }

    @Test
    void infrastructureLayersAndBlankFieldsAreRead() {
        PackMetadata antrea = load("antrea-1.9.0").metadata();
        assertEquals(Layer.CNI, antrea.layer());
        assertEquals(List.of("vsphere"), antrea.cloudTypes());
        assertTrue(antrea.group().isEmpty() && antrea.eol().isEmpty(), "\"\" is read as absent");
        assertEquals(List.of(), antrea.ansibleRoles());
        assertEquals(Map.of("source", "community", "contributor", "spectrocloud"), antrea.annotations());

        PackMetadata nfs = load("nfs-subdir-external-4.0.13").metadata();
        assertEquals(Layer.CSI, nfs.layer());
        assertEquals("csi-nfs-subdir-external", nfs.name());
        assertEquals(List.of("maas", "edge", "libvirt"), nfs.cloudTypes());

        Pack multus = load("multus-3.9.0");
        assertEquals("cni-multus", multus.metadata().name());
        assertEquals(Layer.ADDON, multus.metadata().layer());
        assertEquals("kube-system", multus.values().pack().namespace().orElseThrow());
    }
}
