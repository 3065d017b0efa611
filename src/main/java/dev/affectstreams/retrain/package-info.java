/**
 * Continuous self-supervised retraining: a persistent replay buffer fed from
 * {@code ssl.samples}, rounds that continue training the live release's heads and refit its
 * probe, the promotion gate, and the worker that runs them and announces the outcome.
 */
package dev.affectstreams.retrain;
