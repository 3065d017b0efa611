package dev.affectstreams.media;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frame to network input: crop (a face box, or the whole frame), resize to size × size
 * without keeping the aspect ratio (the reference's {@code scale=180:180}, bicubic), scale
 * to [0, 1] and normalise per channel; planar float RGB (C × H × W).
 */
public final class ImagePreprocessor {

    public static final int PAPER_SIZE = 180;

    private final int size;
    private final Normalization normalization;

    public ImagePreprocessor(int size, Normalization normalization) {
        this.size = size;
        this.normalization = normalization;
    }

    public int size() {
        return size;
    }

    /** The resized crop as an RGB image. */
    public BufferedImage resize(BufferedImage frame, Rectangle crop) {
        Rectangle r = crop == null ? new Rectangle(0, 0, frame.getWidth(), frame.getHeight())
                : crop.intersection(new Rectangle(0, 0, frame.getWidth(), frame.getHeight()));
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(frame, 0, 0, size, size, r.x, r.y, r.x + r.width, r.y + r.height, null);
        g.dispose();
        return out;
    }

    /**
     * The frames at {@code indices} as one clip in {@code out} from {@code offset}, laid out
     * [3, T, size, size] (T = indices.length); a frame repeated in {@code indices}, as linspace
     * repeats frames of a clip under 16 fps, is prepared once.
     */
    public void clipInto(List<BufferedImage> frames, int[] indices, Rectangle crop, float[] out, int offset) {
        int plane = size * size;
        int t = indices.length;
        Map<Integer, float[]> prepared = new HashMap<>();
        for (int i = 0; i < t; i++) {
            float[] chw = prepared.computeIfAbsent(indices[i], index -> toChw(frames.get(index), crop));
            for (int c = 0; c < 3; c++) {
                System.arraycopy(chw, c * plane, out, offset + (c * t + i) * plane, plane);
            }
        }
    }

    /** Normalised planar RGB, 3 × size × size values. */
    public float[] toChw(BufferedImage frame, Rectangle crop) {
        BufferedImage resized = resize(frame, crop);
        int plane = size * size;
        float[] chw = new float[3 * plane];
        int[] rgb = resized.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < plane; i++) {
            chw[i] = normalization.apply(0, (rgb[i] >> 16) & 0xff);
            chw[plane + i] = normalization.apply(1, (rgb[i] >> 8) & 0xff);
            chw[2 * plane + i] = normalization.apply(2, rgb[i] & 0xff);
        }
        return chw;
    }
}
