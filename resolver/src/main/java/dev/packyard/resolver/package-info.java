/**
 * Cluster profiles and their resolution into locks: version references, trains, constraints and backtracking.
 */
package dev.packyard.resolver;
