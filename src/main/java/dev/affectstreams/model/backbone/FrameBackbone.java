package dev.affectstreams.model.backbone;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.Normalization;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A 2D backbone over single frames: each frame, cropped to its face box (null: whole frame),
 * to one pooled vector. The built-in CNNs resize to their input size and normalise as the
 * reference does; {@value FaceExpressionFrames#NAME} uses its own preprocessing.
 */
public interface FrameBackbone extends AutoCloseable {

    BackboneId id();

    int outputDim();

    /** One vector per frame. */
    float[][] embed(List<BufferedImage> frames, List<Rectangle> crops);

    @Override
    void close();

    /**
     * A 2D backbone by name: a built-in of {@link BackboneCatalog}, or
     * {@value FaceExpressionFrames#NAME} with the package unpacked under {@link #FACE_EXPRESSION_DIR}.
     */
    static FrameBackbone open(String name, Normalization normalization, Device device, long seed) {
        if (FaceExpressionFrames.NAME.equals(name)) {
            try {
                return FaceExpressionFrames.open(FACE_EXPRESSION_DIR, device);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return new CatalogFrames(TensorBackbone.open(name, BackboneCatalog.Kind.FRAME_2D, device, seed), normalization);
    }

    /** Where {@code backbones fetch face-expression-net} unpacks the package. */
    Path FACE_EXPRESSION_DIR = Path.of(System.getProperty("user.home"), ".affect-streams", "backbones",
            FaceExpressionFrames.NAME);
}
