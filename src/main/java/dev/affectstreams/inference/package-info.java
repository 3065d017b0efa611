/**
 * The live path's inference: decoding synced chunks, micro-batching across participants with
 * a changelogged queue, frozen backbones and a verified release per stream thread, per-participant
 * feature windows, and expression events; plus the application runner and the live topology.
 */
package dev.affectstreams.inference;
