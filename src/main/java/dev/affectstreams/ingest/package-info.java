/**
 * Sources to chunks: media files and streams (through FFmpeg) and simulated calls, encoded as
 * the contract's AudioChunk (16 kHz PCM) and VideoChunk (JPEG frames) and published keyed by
 * participant with an idempotent producer, in real time or as fast as possible.
 */
package dev.affectstreams.ingest;
