/**
 * The ConCluGen heads in DJL: gated embedding units, representation and projection heads, cluster
 * heads and reconstruction decoders.
 */
package dev.affectstreams.model.heads;
