/**
 * Applies a lock to target Kubernetes clusters, layer by layer.
 */
package dev.packyard.deployer;
