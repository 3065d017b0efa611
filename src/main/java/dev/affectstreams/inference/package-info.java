/**
 * The live path's inference: decoding synced chunks, micro-batching across participants with
 * a changelogged queue, frozen backbones and a verified release per stream thread, per-participant
 * feature windows, and expression events; the served releases (hot swap, pins), the live
 * topology and the Kafka Streams runner of it.
 */
package dev.affectstreams.inference;
