/**
 * Model releases: immutable directories of parameters with a manifest (version, parent,
 * config, label set, backbones, metrics, SHA-256 per file), written atomically and verified on
 * every load.
 */
package dev.affectstreams.registry;
