package dev.affectstreams.media;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One participant's face box over a stream: detection at a reduced rate (every
 * {@code detectEvery}-th frame; in a frame with several faces, the one overlapping the tracked
 * face, the largest at first), the last box kept between detections and for up to
 * {@code maxMissingChunks} chunks without one, grown by a margin so the crop keeps the whole
 * face. A chunk with no recent face gets no box: flagged, never guessed.
 */
public final class FaceTracker {

    private final FaceDetector detector;
    private final int detectEvery;
    private final int maxMissingChunks;
    private Rectangle last;
    private int missing;
    private boolean found;

    public FaceTracker(FaceDetector detector, int detectEvery, int maxMissingChunks) {
        this.detector = detector;
        this.detectEvery = detectEvery;
        this.maxMissingChunks = maxMissingChunks;
    }

    /** The face box for a chunk's frames, or null when no face was seen recently. */
    public Rectangle boxFor(List<BufferedImage> frames) {
        Rectangle found = null;
        for (int i = 0; i < frames.size(); i += detectEvery) {
            Rectangle r = participant(detector.faces(frames.get(i)), found != null ? found : last);
            if (r != null) {
                found = found == null ? r : found.union(r);
            }
        }
        this.found = found != null;
        if (found != null) {
            last = grow(found, frames.get(0).getWidth(), frames.get(0).getHeight());
            missing = 0;
        } else if (last != null && ++missing > maxMissingChunks) {
            last = null;
        }
        return last;
    }

    /**
     * Whether the last {@link #boxFor} call found the face in the chunk's own frames; false when
     * its box was kept from an earlier chunk (or there was none).
     */
    public boolean foundInLastChunk() {
        return found;
    }

    /**
     * The participant's face among those found: the one overlapping the face tracked so far the
     * most, or the largest when none overlaps it (or nothing is tracked yet), so another person
     * passing behind does not take the participant's place.
     */
    static Rectangle participant(List<Rectangle> faces, Rectangle tracked) {
        Rectangle best = null;
        double bestOverlap = 0;
        if (tracked != null) {
            for (Rectangle r : faces) {
                Rectangle i = r.intersection(tracked);
                double overlap = i.isEmpty() ? 0 : (double) i.width * i.height / ((double) r.width * r.height);
                if (overlap > bestOverlap) {
                    bestOverlap = overlap;
                    best = r;
                }
            }
        }
        return best != null ? best : FaceDetector.largest(faces);
    }

    /** A face box grown by a fifth of its size on every side, within a frame of that size: the crop the tracker gives. */
    public static Rectangle grow(Rectangle r, int width, int height) {
        int dx = r.width / 5;
        int dy = r.height / 5;
        return new Rectangle(r.x - dx, r.y - dy, r.width + 2 * dx, r.height + 2 * dy)
                .intersection(new Rectangle(0, 0, width, height));
    }
}
