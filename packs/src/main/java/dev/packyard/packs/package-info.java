/**
 * The pack format: the files of a pack folder, their validation, and deterministic pack archives. Knows nothing of
 * HTTP or storage.
 *
 * <p>Entry points: {@link dev.packyard.packs.PackFiles} (a pack's files, from a folder or an archive),
 * {@link dev.packyard.packs.PackArchive} (deterministic {@code .tar.gz} out, defensive reading in),
 * {@link dev.packyard.packs.PackValidator} (every problem at once, then the parsed
 * {@link dev.packyard.packs.Pack}), {@link dev.packyard.packs.PackVersion} (lenient versions, semver order).
 */
package dev.packyard.packs;
