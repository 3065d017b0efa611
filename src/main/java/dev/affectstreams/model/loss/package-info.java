/**
 * The self-supervised losses of ConCluGen: contrastive, joint clustering with cosine k-means over a
 * queue, reconstruction and their weighted sum.
 */
package dev.affectstreams.model.loss;
