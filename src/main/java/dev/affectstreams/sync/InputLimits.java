package dev.affectstreams.sync;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;

/**
 * What a chunk may claim before anything is allocated for it or handed to native code. Every
 * bound is a documented setting ({@code limits.*}).
 *
 * @param maxFrameSide   widest and tallest frame, declared or in a JPEG header
 * @param maxFrames      frames per video chunk
 * @param maxChunkPixels pixels of all frames of a chunk together
 * @param maxFps         declared frame rate
 * @param maxSeqAhead    slots a chunk may lie ahead of the newest slot seen for its participant
 * @param maxTextChars   characters of one caption segment
 */
public record InputLimits(int maxFrameSide, int maxFrames, long maxChunkPixels, int maxFps, long maxSeqAhead,
                          int maxTextChars) {

    /** Longest chunk, by the contract: one slot is one second. */
    public static final int MAX_DURATION_MS = 1000;
    /** Audio rates the resampler takes. */
    public static final int MIN_SAMPLE_RATE = 1000;
    public static final int MAX_SAMPLE_RATE = 384_000;
    public static final int MAX_CHANNELS = 16;
    /** Highest slot number: about 31 years of one-second slots, far from overflow in any arithmetic on it. */
    public static final long MAX_SEQ = 1L << 30;

    public static InputLimits defaults() {
        return new InputLimits(4096, 120, 125_000_000L, 240, 3_600, 10_000);
    }

    public static InputLimits from(EffectiveConfig config) {
        return new InputLimits(config.get(Settings.LIMIT_FRAME_SIDE), config.get(Settings.LIMIT_CHUNK_FRAMES),
                config.get(Settings.LIMIT_CHUNK_PIXELS), config.get(Settings.LIMIT_FPS),
                config.get(Settings.LIMIT_SEQ_AHEAD), config.get(Settings.LIMIT_TEXT_CHARS));
    }
}
