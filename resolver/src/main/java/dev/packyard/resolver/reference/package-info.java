/** Version references as profiles write them: exact, train, group train, range, latest. */
package dev.packyard.resolver.reference;
