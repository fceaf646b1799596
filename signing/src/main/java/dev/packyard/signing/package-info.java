/**
 * Keys, cosign-compatible signing and verification, and the FIPS provider set-up.
 */
package dev.packyard.signing;
