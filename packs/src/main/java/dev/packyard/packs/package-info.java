/**
 * The pack format: the files of a pack folder, their validation, and deterministic pack archives. Knows nothing of HTTP or storage.
 */
package dev.packyard.packs;
