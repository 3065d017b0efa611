/**
 * Offline jobs that turn data into releases: feature extraction, self-supervised pretraining, the
 * linear probe, evaluation and the starter release the demo serves. They use the model
 * ({@code model}) and write verified releases ({@code registry}).
 */
package dev.affectstreams.jobs;
