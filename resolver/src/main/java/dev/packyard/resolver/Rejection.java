package dev.packyard.resolver;

/** Why a candidate cannot fill its layer whatever the other layers hold. */
record Rejection(Option option, Reason reason, String message) {

    /** Kinds of reasons, to explain an empty layer by its most telling one. */
    enum Reason {
        REGISTRY,
        REFERENCE,
        PRERELEASE,
        STATE,
        LAYER,
        CLOUD,
        UNREADABLE,
        REQUIRED_MISSING,
        UPGRADE
    }
}
