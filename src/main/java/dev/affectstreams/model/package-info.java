/**
 * The ConCluGen method in DJL: model configuration, label sets and the trained heads. Sub-packages
 * hold the backbones ({@code backbone}), the blocks ({@code heads}), the self-supervised losses
 * ({@code loss}), training ({@code train}), the linear probe and metrics ({@code probe}) and feature
 * datasets ({@code data}). Nothing here knows about Kafka, releases or the live path.
 */
package dev.affectstreams.model;
