package dev.affectstreams.media;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One second of decoded media on the source's clock: the frames whose timestamps fall in
 * [seq, seq+1) s and the 16 kHz mono samples of that second.
 *
 * @param frameOffsetsMicros each frame's time from the slot's start
 * @param audio              16 kHz mono samples; shorter than 16,000 only for the last chunk; null without audio
 */
public record MediaChunk(long seq, List<BufferedImage> frames, long[] frameOffsetsMicros, float[] audio, double fps) {

    public boolean hasVideo() {
        return !frames.isEmpty();
    }

    public boolean hasAudio() {
        return audio != null && audio.length > 0;
    }
}
