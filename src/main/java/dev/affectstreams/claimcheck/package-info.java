/**
 * Claim checks: a chunk too large for a Kafka record is stored whole in a shared directory and
 * sent as a small envelope whose {@code payloadUri} names it; the live path loads it back.
 */
package dev.affectstreams.claimcheck;
