package dev.packyard.registry.fips;

import dev.packyard.signing.FipsProviders;
import dev.packyard.signing.FipsStatus;

import java.util.logging.Logger;

/** Puts the JVM in FIPS mode: Bouncy Castle FIPS, approved-only, first in the provider list. */
public final class FipsMode {

    private static final Logger LOG = Logger.getLogger(FipsMode.class.getName());

    private FipsMode() {
    }

    /**
     * Turns FIPS mode on; must run before anything else uses cryptography in this JVM (approved-only mode is fixed
     * when the module starts).
     *
     * @throws IllegalStateException if the module started earlier without approved-only mode, or failed its
     *                               self-test
     */
    public static FipsStatus enable() {
        long started = System.nanoTime();
        FipsProviders.enableApprovedOnlyMode();
        FipsStatus status = FipsProviders.install();
        if (!status.approvedOnly() || !status.selfTest()) {
            throw new IllegalStateException("FIPS mode could not be entered: " + status);
        }
        LOG.info(() -> "FIPS mode: " + status.module() + " " + status.moduleVersion() + " (certificate "
                + status.certificate() + "), approved-only, self-test passed; started in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return status;
    }
}
