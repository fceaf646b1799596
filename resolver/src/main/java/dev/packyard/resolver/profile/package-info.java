/**
 * Cluster profiles: the model ({@link dev.packyard.resolver.profile.Profile} and its layers and variables) and
 * {@link dev.packyard.resolver.profile.ProfileReader}, which reads Packyard's YAML/JSON shape and Palette's export JSON
 * and reports every problem with its field path.
 */
package dev.packyard.resolver.profile;
