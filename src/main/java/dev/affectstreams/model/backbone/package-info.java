/**
 * Frozen backbones that turn preprocessed media into per-chunk feature vectors: the built-in convolutional
 * networks, TorchScript exports of the reference backbones, the face expression network and its 7-way
 * reading, text encoders, and the catalogue that names them.
 */
package dev.affectstreams.model.backbone;
