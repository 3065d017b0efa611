package dev.affectstreams.sim;

import java.awt.Color;
import java.util.Random;

/**
 * Who a simulated participant is: how the face looks and sits in the frame, the light and
 * background, and the voice. None of it carries the expression label.
 *
 * @param faceWidth    head width as a fraction of the frame height
 * @param faceAspect   head height / width
 * @param jaw          0 round … 1 square
 * @param skin         skin tone
 * @param hair         hair colour
 * @param hairVolume   0 short … 1 voluminous
 * @param glasses      wears glasses
 * @param centerX      head centre, fraction of frame width
 * @param centerY      head centre, fraction of frame height
 * @param light        brightness factor of the scene
 * @param lightFromLeft side light: positive from the left
 * @param background   background colour
 * @param f0           voice's fundamental frequency in Hz
 * @param formantScale vocal-tract scale: formants multiplied by it
 * @param syllableRate syllables per second when speaking neutrally
 */
public record ParticipantIdentity(float faceWidth, float faceAspect, float jaw, Color skin, Color hair,
                                  float hairVolume, boolean glasses, float centerX, float centerY, float light,
                                  float lightFromLeft, Color background, float f0, float formantScale,
                                  float syllableRate) {

    private static final Color[] SKIN = {
        new Color(255, 224, 196), new Color(241, 194, 125), new Color(224, 172, 105), new Color(198, 134, 66),
        new Color(141, 85, 36), new Color(92, 56, 30)};
    private static final Color[] HAIR = {
        new Color(20, 20, 20), new Color(70, 45, 25), new Color(140, 95, 50), new Color(220, 190, 120),
        new Color(160, 160, 160), new Color(120, 40, 20)};

    public static ParticipantIdentity random(Random r) {
        boolean low = r.nextBoolean();
        return new ParticipantIdentity(
                0.42f + 0.16f * r.nextFloat(), 1.15f + 0.3f * r.nextFloat(), r.nextFloat(),
                jitter(SKIN[r.nextInt(SKIN.length)], r, 12), jitter(HAIR[r.nextInt(HAIR.length)], r, 15),
                r.nextFloat(), r.nextDouble() < 0.3,
                0.4f + 0.2f * r.nextFloat(), 0.48f + 0.08f * r.nextFloat(), 0.8f + 0.4f * r.nextFloat(),
                2 * r.nextFloat() - 1,
                new Color(60 + r.nextInt(160), 60 + r.nextInt(160), 60 + r.nextInt(160)),
                low ? 95 + 45 * r.nextFloat() : 170 + 80 * r.nextFloat(),
                low ? 0.88f + 0.08f * r.nextFloat() : 1.0f + 0.12f * r.nextFloat(),
                3.5f + 2f * r.nextFloat());
    }

    private static Color jitter(Color c, Random r, int amount) {
        return new Color(clamp(c.getRed() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getGreen() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getBlue() + r.nextInt(2 * amount + 1) - amount));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
