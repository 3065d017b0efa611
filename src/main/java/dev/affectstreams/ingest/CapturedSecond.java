package dev.affectstreams.ingest;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One participant's second as a source captured it, before encoding: frames with their
 * offsets from the slot start, and 16 kHz mono audio (null when the source has none).
 */
public record CapturedSecond(String callId, String participantId, long seq, List<BufferedImage> frames,
                             long[] frameOffsetsMicros, float[] audio, double fps) {

    public String key() {
        return callId + "/" + participantId;
    }
}
