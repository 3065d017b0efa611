package dev.affectstreams.media;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Finds the faces of a frame, in frame coordinates. Not thread-safe: one per thread. */
public interface FaceDetector extends AutoCloseable {

    /** Where {@code backbones fetch blazeface} unpacks the BlazeFace package. */
    Path BLAZEFACE_DIR = Path.of(System.getProperty("user.home"), ".affect-streams", "backbones", "blazeface");

    /** Every face found (boxes of one face may overlap). */
    List<Rectangle> faces(BufferedImage frame);

    /** The largest face found. */
    default Optional<Rectangle> largestFace(BufferedImage frame) {
        return Optional.ofNullable(largest(faces(frame)));
    }

    /** The largest of some boxes, or null for none. */
    static Rectangle largest(List<Rectangle> boxes) {
        return boxes.stream().max(Comparator.comparingLong(r -> (long) r.width * r.height)).orElse(null);
    }

    /** Short name of the detector, e.g. blazeface or haar. */
    String name();

    @Override
    void close();

    /** The name of the detector {@link #openDefault} opens. */
    static String defaultName() {
        return BlazeFaceDetector.PACKAGE.present(BLAZEFACE_DIR) ? "blazeface" : "haar";
    }

    /**
     * BlazeFace when its package has been fetched ({@code backbones fetch blazeface}), the Haar
     * cascade otherwise (it misses many more faces; said once in the log).
     */
    static FaceDetector openDefault() {
        if (BlazeFaceDetector.PACKAGE.present(BLAZEFACE_DIR)) {
            try {
                return BlazeFaceDetector.open(BLAZEFACE_DIR);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        HaarOnce.warn();
        return new HaarFaceDetector();
    }

    /** Logs the fallback to Haar once per process. */
    final class HaarOnce {
        private static volatile boolean warned;

        private HaarOnce() {
        }

        static void warn() {
            if (!warned) {
                warned = true;
                LoggerFactory.getLogger(FaceDetector.class).info("Face detection: OpenCV Haar cascade (BlazeFace finds "
                        + "more faces: `affect-streams backbones fetch blazeface`)");
            }
        }
    }
}
