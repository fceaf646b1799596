package dev.packyard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The provider set-up in an ordinary JVM (approved-only mode off); {@link ApprovedOnlyModeTest} covers the other. */
class FipsProvidersTest {

    @Test
    void registersBothProvidersAtTheFrontExactlyOnce() {
        FipsProviders.install();
        FipsProviders.install();

        Provider[] providers = Security.getProviders();
        assertEquals(FipsProviders.FIPS_PROVIDER, providers[0].getName());
        assertEquals(FipsProviders.JSSE_PROVIDER, providers[1].getName());
        assertEquals(1, count(providers, FipsProviders.FIPS_PROVIDER));
        assertEquals(1, count(providers, FipsProviders.JSSE_PROVIDER));
        assertSame(providers[0], FipsProviders.provider());
    }

    @Test
    void reportsTheModuleStatus() {
        FipsStatus status = FipsProviders.install();

        assertTrue(status.enabled());
        assertFalse(status.approvedOnly());
        assertEquals("BC-FJA", status.module());
        assertEquals(org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider.class.getPackage()
                .getImplementationVersion(), status.moduleVersion());
        assertTrue(status.moduleVersion().startsWith("2.1."), status.moduleVersion());
        assertEquals("#4943", status.certificate());
        assertTrue(status.selfTest());
    }

    @Test
    void derivesTheCertificateFromTheReleaseLine() {
        assertEquals("#4943", FipsStatus.certificateFor("2.1.3"));
        assertEquals("#4943", FipsStatus.certificateFor("2.1.0"));
        assertEquals("#4743", FipsStatus.certificateFor("2.0.1"));
        assertEquals(FipsStatus.UNKNOWN_CERTIFICATE, FipsStatus.certificateFor("1.0.2.5"));
        assertEquals(FipsStatus.UNKNOWN_CERTIFICATE, FipsStatus.certificateFor("2.10.0"));
        assertEquals(FipsStatus.UNKNOWN_CERTIFICATE, FipsStatus.certificateFor("2.2.0"));
    }

    @Test
    void approvedOnlyModeCannotBeSwitchedOnAfterInitialisation() {
        FipsProviders.install();

        IllegalStateException e = assertThrows(IllegalStateException.class, FipsProviders::enableApprovedOnlyMode);

        assertTrue(e.getMessage().contains("-D" + FipsProviders.APPROVED_ONLY_PROPERTY + "=true"), e.getMessage());
        assertNull(System.getProperty(FipsProviders.APPROVED_ONLY_PROPERTY), "the property is put back");
        assertFalse(FipsProviders.status().approvedOnly());
    }

    @Test
    void sharesOneFipsDrbg() {
        assertSame(FipsProviders.secureRandom(), FipsProviders.secureRandom());
        assertEquals(FipsProviders.FIPS_PROVIDER, FipsProviders.secureRandom().getProvider().getName());
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        FipsProviders.secureRandom().nextBytes(a);
        FipsProviders.secureRandom().nextBytes(b);
        assertFalse(Arrays.equals(a, b));
    }

    private static long count(Provider[] providers, String name) {
        return Arrays.stream(providers).filter(p -> p.getName().equals(name)).count();
    }
}
