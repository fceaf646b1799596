package dev.packyard.signing;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The JVM's FIPS crypto set-up: the Bouncy Castle FIPS provider ({@value #FIPS_PROVIDER}) and one shared DRBG, and
 * for FIPS mode ({@link #install()}) that provider and its JSSE provider ({@value #JSSE_PROVIDER}, in FIPS mode) at
 * the front of the JCA provider list.
 *
 * <p>Everything in this package asks for its algorithms from {@link #provider()} by object, never by a name lookup
 * through the provider list, so a JDK provider can never answer in its place.
 */
public final class FipsProviders {

    /** Provider name of {@link BouncyCastleFipsProvider}. */
    public static final String FIPS_PROVIDER = "BCFIPS";
    /** Provider name of {@link BouncyCastleJsseProvider}. */
    public static final String JSSE_PROVIDER = "BCJSSE";
    /**
     * The switch for approved-only mode. Bouncy Castle reads it once, when its registrar class initialises; from then
     * on the mode is fixed for the whole JVM. Passing {@code -Dorg.bouncycastle.fips.approved_only=true} on the command
     * line (or the same key in a {@code java.security} override file) is the reliable way to set it.
     */
    public static final String APPROVED_ONLY_PROPERTY = "org.bouncycastle.fips.approved_only";

    private static final Pattern INFO_VERSION = Pattern.compile("v(\\d+(?:\\.\\d+)+)");

    private FipsProviders() {
    }

    /**
     * Turns on approved-only mode for this JVM, from inside the program (for a server whose configuration file, not its
     * command line, says "FIPS").
     *
     * <p>Call it first thing in {@code main}, before any code (this class's other methods included) touches Bouncy
     * Castle: the module reads the property only while it initialises, and the alternative API
     * ({@code CryptoServicesRegistrar.setApprovedOnlyMode}) switches just the calling thread, which is no use to a
     * server. If the module has already initialised in the other mode, this method puts the property back and throws,
     * rather than leave the JVM claiming a mode it is not in.
     *
     * @throws IllegalStateException if Bouncy Castle initialised earlier without approved-only mode
     */
    public static synchronized void enableApprovedOnlyMode() {
        String previous = System.getProperty(APPROVED_ONLY_PROPERTY);
        System.setProperty(APPROVED_ONLY_PROPERTY, "true");
        // Reading the mode initialises the registrar now if nothing has yet, and then it picks up the property.
        if (!CryptoServicesRegistrar.isInApprovedOnlyMode()) {
            if (previous == null) {
                System.clearProperty(APPROVED_ONLY_PROPERTY);
            } else {
                System.setProperty(APPROVED_ONLY_PROPERTY, previous);
            }
            throw new IllegalStateException("Bouncy Castle FIPS was already initialised without approved-only mode, "
                    + "and the mode cannot change afterwards. Start the JVM with -D" + APPROVED_ONLY_PROPERTY
                    + "=true, or enable approved-only mode before any other crypto code runs.");
        }
    }

    /**
     * Registers the providers at the front of the JCA list, once per JVM (FIPS mode: every name lookup then finds
     * them first); later calls only report the status. A BCFIPS provider that is already registered (for example
     * from a {@code java.security} file) is kept where it is and used.
     */
    public static synchronized FipsStatus install() {
        if (Security.getProvider(FIPS_PROVIDER) == null) {
            Security.insertProviderAt(Installed.FIPS, 1);
        }
        if (Security.getProvider(JSSE_PROVIDER) == null) {
            // "fips:" puts BCJSSE in FIPS mode, taking all its crypto from the named provider.
            Security.insertProviderAt(new BouncyCastleJsseProvider("fips:" + FIPS_PROVIDER), 2);
        }
        return status();
    }

    /**
     * The BCFIPS provider instance. Not registered by this call: outside FIPS mode the JDK's providers keep answering
     * name lookups (TLS, digests), and the signing code asks this instance directly.
     */
    public static Provider provider() {
        return Installed.FIPS;
    }

    /**
     * The shared FIPS DRBG for key generation and signing. One instance serves the JVM: each new DRBG draws fresh
     * entropy, and bc-fips 2.1 on x86-64 takes it from RDSEED, which fails under heavy churn (bc-java #2434).
     * {@link SecureRandom} is safe to share between threads.
     */
    public static SecureRandom secureRandom() {
        return Installed.RANDOM;
    }

    /** The current state, without registering anything. */
    public static FipsStatus status() {
        boolean enabled = Security.getProvider(FIPS_PROVIDER) != null;
        String version = moduleVersion();
        return new FipsStatus(enabled, CryptoServicesRegistrar.isInApprovedOnlyMode(), FipsStatus.MODULE, version,
                FipsStatus.certificateFor(version), org.bouncycastle.crypto.fips.FipsStatus.isReady());
    }

    /**
     * The bc-fips version, from the provider's info text ("... (FIPS edition) v2.1.3"), which keeps the patch level
     * that {@link Provider#getVersionStr()} folds into a decimal ("2.0103").
     */
    static String moduleVersion() {
        Matcher m = INFO_VERSION.matcher(BouncyCastleFipsProvider.getInfoString());
        if (m.find()) {
            return m.group(1);
        }
        Package pkg = BouncyCastleFipsProvider.class.getPackage();
        return pkg != null && pkg.getImplementationVersion() != null ? pkg.getImplementationVersion() : "unknown";
    }

    /** Lazy holder: the JVM runs this initialiser exactly once, on first use, and makes other threads wait for it. */
    private static final class Installed {
        static final Provider FIPS;
        static final SecureRandom RANDOM;

        static {
            Provider existing = Security.getProvider(FIPS_PROVIDER);
            FIPS = existing != null ? existing : new BouncyCastleFipsProvider();
            try {
                RANDOM = SecureRandom.getInstance("DEFAULT", FIPS);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the BCFIPS provider offers no DEFAULT DRBG", e);
            }
        }
    }
}
