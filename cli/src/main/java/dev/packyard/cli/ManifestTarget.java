package dev.packyard.cli;

/**
 * What {@code sign} and {@code verify} name: a pack version ({@code NAME:VERSION}, at
 * {@value RegistryTarget#PACK_NAMESPACE}NAME) or any manifest of the registry ({@code REPOSITORY:TAG} or
 * {@code REPOSITORY@DIGEST}, told apart by the {@code /} a repository has).
 */
record ManifestTarget(String reference) {

    static ManifestTarget parse(String argument) {
        String text = argument.strip();
        if (text.contains("/")) {
            if (!text.contains("@") && text.lastIndexOf(':') < text.lastIndexOf('/')) {
                throw new CliException("'" + argument + "' names no manifest: write REPOSITORY:TAG or REPOSITORY@DIGEST");
            }
            return new ManifestTarget(text);
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CliException("'" + argument + "' is not NAME:VERSION (a pack) or REPOSITORY:TAG");
        }
        return new ManifestTarget(RegistryTarget.repository(text.substring(0, colon)) + text.substring(colon));
    }
}
