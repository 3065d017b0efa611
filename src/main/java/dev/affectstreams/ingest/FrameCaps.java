package dev.affectstreams.ingest;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.media.FrameSampler;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * What ingest publishes of a source's video: frames scaled down (aspect kept) so that their
 * longer side is at most {@code maxSide}, and thinned evenly over each second to at most
 * {@code maxFps}, so that a second of ordinary HD video fits in one record under the broker's
 * default size limit before any claim check is needed.
 */
public record FrameCaps(int maxSide, int maxFps) {

    public FrameCaps {
        if (maxSide < 16 || maxFps < 1) {
            throw new IllegalArgumentException("frames need at least 16 pixels a side and 1 frame a second");
        }
    }

    public static FrameCaps from(EffectiveConfig config) {
        return new FrameCaps(config.get(Settings.INGEST_FRAME_SIDE), config.get(Settings.INGEST_FPS));
    }

    /** The second with its frames capped; a second within the caps is returned as it is. */
    public CapturedSecond apply(CapturedSecond s) {
        List<BufferedImage> frames = s.frames();
        long[] offsets = s.frameOffsetsMicros();
        double fps = s.fps();
        if (frames.size() > maxFps) {
            int[] keep = FrameSampler.linspace(frames.size(), maxFps);
            List<BufferedImage> kept = new ArrayList<>(keep.length);
            long[] keptOffsets = new long[keep.length];
            for (int i = 0; i < keep.length; i++) {
                kept.add(frames.get(keep[i]));
                keptOffsets[i] = offsets[keep[i]];
            }
            frames = kept;
            offsets = keptOffsets;
            fps = Math.min(fps, maxFps);
        }
        List<BufferedImage> scaled = new ArrayList<>(frames.size());
        boolean changed = frames != s.frames();
        for (BufferedImage f : frames) {
            BufferedImage small = scaled(f);
            changed |= small != f;
            scaled.add(small);
        }
        return changed ? new CapturedSecond(s.callId(), s.participantId(), s.seq(), scaled, offsets, s.audio(), fps) : s;
    }

    private BufferedImage scaled(BufferedImage f) {
        int side = Math.max(f.getWidth(), f.getHeight());
        if (side <= maxSide) {
            return f;
        }
        double k = (double) maxSide / side;
        int w = Math.max(1, (int) Math.round(f.getWidth() * k));
        int h = Math.max(1, (int) Math.round(f.getHeight() * k));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(f, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
