/** Locks: resolved profiles, written and read as byte-stable JSON or YAML. */
package dev.packyard.resolver.lock;
