/**
 * Model releases: immutable directories of parameters with a manifest (version, parent,
 * config, label set, backbones, metrics, SHA-256 per file), written atomically and verified on
 * every load; loading a release's heads, probe and thresholds ({@code LoadedRelease}) and its
 * backbones ({@code Backbones}); the artifact store (a directory or a bucket); announcements on
 * the models topic and the registry view built from them.
 */
package dev.affectstreams.registry;
