package dev.affectstreams.sim;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One second of a simulated participant: frames at the configured rate, 16 kHz mono audio,
 * and the ground truth of that second.
 *
 * @param seq          slot number (second since the call started)
 * @param frames       the frames, in order
 * @param frameOffsetsMicros capture time of each frame relative to the second's start
 * @param audio        16,000 samples in [-1, 1]
 * @param labels       mean intensity per emotion over the second
 * @param faceGain     how strongly the face showed the expression (0 flat … 1.2)
 * @param voiceGain    how strongly the voice showed it
 */
public record ParticipantSecond(String participantId, long seq, List<BufferedImage> frames,
                                long[] frameOffsetsMicros, float[] audio, Intensities labels, float faceGain,
                                float voiceGain) {
}
