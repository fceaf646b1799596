package dev.packyard.registry.signatures;

import dev.packyard.registry.config.TrustRule;
import dev.packyard.registry.oci.Digest;
import dev.packyard.registry.oci.ErrorCode;
import dev.packyard.registry.oci.OciException;
import dev.packyard.registry.oci.PullPolicy;
import dev.packyard.registry.oci.RepositoryName;
import dev.packyard.signing.KeyMaterialException;
import dev.packyard.signing.PemKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The trust policies of the config file, applied to every manifest pull: under {@code enforce} a manifest that no
 * key of its policy signed is refused with 403 {@code DENIED}, under {@code warn} it is served and logged. The
 * policy with the longest prefix covering the repository decides. Signature manifests themselves are always served:
 * cosign must read them to verify anything.
 */
final class TrustEnforcer implements PullPolicy {

    private static final Logger LOG = Logger.getLogger(TrustEnforcer.class.getName());

    /** A rule with its key files read. */
    private record Policy(TrustRule rule, List<SignatureVerifier.TrustedKey> fileKeys, boolean registryKey) {
    }

    private final List<Policy> policies;
    private final SignatureVerifier verifier;
    private final Supplier<PublicKey> registryKey;

    private TrustEnforcer(List<Policy> policies, SignatureVerifier verifier, Supplier<PublicKey> registryKey) {
        this.policies = policies;
        this.verifier = verifier;
        this.registryKey = registryKey;
    }

    /**
     * Reads every policy's key files now, so a bad one stops the server at start with its name rather than
     * refusing pulls later.
     */
    static TrustEnforcer of(List<TrustRule> rules, SignatureVerifier verifier, Supplier<PublicKey> registryKey)
            throws IOException {
        List<Policy> policies = new ArrayList<>();
        for (TrustRule rule : rules) {
            List<SignatureVerifier.TrustedKey> keys = new ArrayList<>();
            for (String key : rule.keys()) {
                if (!key.equals(TrustRule.REGISTRY_KEY)) {
                    keys.add(new SignatureVerifier.TrustedKey(Path.of(key).getFileName().toString(), read(Path.of(key))));
                }
            }
            policies.add(new Policy(rule, keys, rule.keys().contains(TrustRule.REGISTRY_KEY)));
        }
        policies.sort(Comparator.comparingInt((Policy p) -> p.rule().prefix().length()).reversed());
        return new TrustEnforcer(List.copyOf(policies), verifier, registryKey);
    }

    private static PublicKey read(Path file) throws IOException {
        try {
            return PemKeys.readPublicKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (KeyMaterialException e) {
            throw new IOException("trust key " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkPull(RepositoryName repository, Digest manifest) throws IOException {
        Optional<Policy> policy = policyFor(repository);
        if (policy.isEmpty() || policy.get().rule().mode() == TrustRule.Mode.OFF
                || !verifier.exists(repository, manifest) // an unknown manifest stays a 404
                || verifier.isSignatureManifest(repository, manifest)) {
            return;
        }
        SignatureStatus status = verifier.check(repository, manifest, () -> keys(policy.get()));
        if (status.verified()) {
            return;
        }
        String message = refusal(policy.get().rule(), manifest, status);
        if (policy.get().rule().mode() == TrustRule.Mode.WARN) {
            LOG.warning(() -> "pull of " + repository + "@" + manifest + " served although " + message);
            return;
        }
        throw new OciException(ErrorCode.DENIED, message);
    }

    /** The policy that covers {@code repository}, if any: the one with the longest prefix. */
    Optional<TrustRule> ruleFor(RepositoryName repository) {
        return policyFor(repository).map(Policy::rule);
    }

    /** The keys {@code repository}'s policy trusts; the registry's own key where no policy covers it. */
    List<SignatureVerifier.TrustedKey> keysFor(RepositoryName repository) {
        return policyFor(repository).map(this::keys)
                .orElseGet(() -> List.of(new SignatureVerifier.TrustedKey(TrustRule.REGISTRY_KEY, registryKey.get())));
    }

    /** The signature status of a manifest against {@link #keysFor} its repository. */
    SignatureStatus statusOf(RepositoryName repository, Digest manifest) throws IOException {
        return verifier.check(repository, manifest, () -> keysFor(repository));
    }

    private Optional<Policy> policyFor(RepositoryName repository) {
        return policies.stream().filter(p -> p.rule().covers(repository.value())).findFirst();
    }

    private List<SignatureVerifier.TrustedKey> keys(Policy policy) {
        List<SignatureVerifier.TrustedKey> keys = new ArrayList<>(policy.fileKeys());
        if (policy.registryKey()) {
            keys.add(new SignatureVerifier.TrustedKey(TrustRule.REGISTRY_KEY, registryKey.get()));
        }
        return keys;
    }

    private static String refusal(TrustRule rule, Digest manifest, SignatureStatus status) {
        String policy = "trust policy '" + (rule.prefix().isEmpty() ? "*" : rule.prefix()) + "' (" + rule.mode().id()
                + ") requires a signature by " + String.join(", ", rule.keys().stream()
                .map(k -> k.equals(TrustRule.REGISTRY_KEY) ? k : Path.of(k).getFileName().toString()).toList());
        if (!status.signed()) {
            return policy + ", and manifest " + manifest + " is not signed";
        }
        return policy + ", and none of the " + status.signatures().size() + " signature(s) of manifest " + manifest
                + " verifies: " + String.join(" | ", status.signatures().stream()
                .map(SignatureStatus.Signature::problem).toList());
    }
}
