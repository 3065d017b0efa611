/**
 * Self-supervised training of the heads: AdamW, the learning-rate schedule and checkpoints that
 * resume bit-exactly.
 */
package dev.affectstreams.model.train;
