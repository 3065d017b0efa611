package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.sim.SimulatedParticipant;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {

    @Test
    void shouldFindAndCropADrawnFaceAndForgetItWhenItIsGone() {
        SimulatedParticipant participant = new SimulatedParticipant("p", 3, 320, 240, 10);
        try (HaarFaceDetector detector = new HaarFaceDetector()) {
            FaceTracker tracker = new FaceTracker(detector, 2, 1);
            Rectangle box = null;
            for (int s = 0; s < 4 && box == null; s++) {
                box = tracker.boxFor(participant.next().frames());
            }

            assertThat(box).as("a face in the first seconds").isNotNull();
            int cx = Math.round(participant.identity().centerX() * 320);
            int cy = Math.round(participant.identity().centerY() * 240);
            assertThat(box.contains(cx, cy)).as("the box %s holds the face centre (%d, %d)", box, cx, cy).isTrue();
            assertThat(box.width).isLessThan(320);

            List<BufferedImage> blank = Collections.nCopies(10, new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR));
            assertThat(tracker.boxFor(blank)).as("kept for one chunk without a face").isEqualTo(box);
            assertThat(tracker.boxFor(blank)).as("then dropped: flagged, not guessed").isNull();
        }
    }

    @Test
    void shouldKeepTheTrackedFaceWhenALargerOneAppears() {
        Rectangle participant = new Rectangle(100, 80, 60, 60);
        Rectangle passerBy = new Rectangle(200, 20, 110, 110);

        assertThat(FaceTracker.participant(List.of(participant), null)).isEqualTo(participant);
        assertThat(FaceTracker.participant(List.of(passerBy, new Rectangle(104, 84, 58, 58)), participant))
                .as("the face overlapping the tracked one, not the larger")
                .isEqualTo(new Rectangle(104, 84, 58, 58));
        assertThat(FaceTracker.participant(List.of(passerBy, new Rectangle(10, 10, 30, 30)), participant))
                .as("none overlaps: the largest").isEqualTo(passerBy);
        assertThat(FaceTracker.participant(List.of(), participant)).isNull();
    }

    @Test
    void shouldCropBeforeResizing() {
        SimulatedParticipant participant = new SimulatedParticipant("p", 4, 320, 240, 2);
        BufferedImage frame = participant.next().frames().get(0);
        ImagePreprocessor prep = new ImagePreprocessor(32, Normalization.PAPER_2D);
        int cx = Math.round(participant.identity().centerX() * 320);
        int cy = Math.round(participant.identity().centerY() * 240);

        BufferedImage corner = prep.resize(frame, new Rectangle(0, 0, 16, 16));
        BufferedImage face = prep.resize(frame, new Rectangle(cx - 8, cy - 8, 16, 16));
        BufferedImage whole = prep.resize(frame, null);

        assertThat(corner.getWidth()).isEqualTo(32);
        assertThat(face.getHeight()).isEqualTo(32);
        assertThat(face.getRGB(16, 16)).as("the face crop fills the output with the face centre")
                .isEqualTo(rgbNear(frame, cx, cy, face.getRGB(16, 16)));
        assertThat(corner.getRGB(16, 16)).as("a background crop does not show the face")
                .isNotEqualTo(face.getRGB(16, 16));
        assertThat(whole.getRGB(0, 0)).as("the whole frame keeps its corner at the corner")
                .isEqualTo(rgbNear(frame, 0, 0, whole.getRGB(0, 0)));
    }

    /** The expected pixel if some pixel within 2 px of (x, y) in the source is within 12 levels of it, else the source pixel. */
    private static int rgbNear(BufferedImage source, int x, int y, int actual) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int px = Math.max(0, Math.min(source.getWidth() - 1, x + dx));
                int py = Math.max(0, Math.min(source.getHeight() - 1, y + dy));
                int rgb = source.getRGB(px, py);
                if (close(rgb, actual)) {
                    return actual;
                }
            }
        }
        return source.getRGB(x, y);
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }
}
