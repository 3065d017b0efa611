/**
 * Kafka plumbing: the in-process KRaft broker, the connection a command uses, idempotent topic
 * creation and the Avro single-object serdes of the contract records.
 */
package dev.affectstreams.kafka;
