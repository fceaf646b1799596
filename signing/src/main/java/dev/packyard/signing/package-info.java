/**
 * Keys, cosign-compatible signing and verification, and the FIPS provider set-up.
 *
 * <p>All crypto runs on the Bouncy Castle FIPS provider (BCFIPS), set up by {@link dev.packyard.signing.FipsProviders}.
 * A {@link dev.packyard.signing.SigningKey} (generated, read from PEM by {@link dev.packyard.signing.PemKeys} or from a
 * BCFKS keystore by {@link dev.packyard.signing.KeyStores}) signs a
 * {@link dev.packyard.signing.SimpleSigningPayload} with a {@link dev.packyard.signing.CosignSigner}; a
 * {@link dev.packyard.signing.CosignVerifier} checks such signatures, ours or cosign's, against a public key.
 *
 * <p>This module must never share a classpath with the ordinary Bouncy Castle jars ({@code *-jdk18on}); its build
 * bans them.
 */
package dev.packyard.signing;
