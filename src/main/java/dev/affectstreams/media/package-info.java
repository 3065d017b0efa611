/**
 * Media without models: decoding into one-second chunks (FFmpeg through JavaCV), the
 * reference's frame sampling, resizing and pixel normalisation, and its mel spectrogram,
 * offline and streaming.
 */
package dev.affectstreams.media;
