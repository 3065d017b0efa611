package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.sim.ParticipantSecond;
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
    void shouldCropBeforeResizing() {
        ParticipantSecond second = new SimulatedParticipant("p", 4, 320, 240, 2).next();
        ImagePreprocessor prep = new ImagePreprocessor(32, Normalization.PAPER_2D);

        BufferedImage crop = prep.resize(second.frames().get(0), new Rectangle(0, 0, 16, 16));

        assertThat(crop.getWidth()).isEqualTo(32);
        assertThat(crop.getRGB(31, 31)).as("the corner crop is background, not face")
                .isEqualTo(prep.resize(second.frames().get(0), new Rectangle(0, 0, 16, 16)).getRGB(31, 31));
    }
}
