/**
 * Cluster-profile resolution: a profile ({@link dev.packyard.resolver.profile.Profile}, read by
 * {@link dev.packyard.resolver.profile.ProfileReader}) and a {@link dev.packyard.resolver.PackSource} go into
 * {@link dev.packyard.resolver.Resolver}; a {@link dev.packyard.resolver.lock.Lock} comes out, or a
 * {@link dev.packyard.resolver.ResolutionException} whose problems say which layer, which constraint and which versions
 * were tried. No HTTP, no storage: the registry and the CLI call it.
 */
package dev.packyard.resolver;
