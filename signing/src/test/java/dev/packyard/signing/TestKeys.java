package dev.packyard.signing;

import java.util.EnumMap;
import java.util.Map;

/** Generated keys shared by the whole test JVM: RSA-3072 generation alone takes around a second. */
final class TestKeys {

    private static final Map<KeyAlgorithm, SigningKey> KEYS = new EnumMap<>(KeyAlgorithm.class);
    private static final Map<KeyAlgorithm, SigningKey> OTHER_KEYS = new EnumMap<>(KeyAlgorithm.class);

    private TestKeys() {
    }

    static synchronized SigningKey key(KeyAlgorithm algorithm) {
        return KEYS.computeIfAbsent(algorithm, SigningKey::generate);
    }

    /** A second, unrelated key of the same algorithm. */
    static synchronized SigningKey otherKey(KeyAlgorithm algorithm) {
        return OTHER_KEYS.computeIfAbsent(algorithm, SigningKey::generate);
    }
}
