package dev.affectstreams.media;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

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
