package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.avro.BackboneId;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link FaceExpressionNet} as a frame backbone: the face crop (the whole frame without one)
 * padded to a square and resized to 112x112 as face-api does, to its 256 pooled features.
 * Identified by the SHA-256 of its weights file, so releases never pair with other weights.
 */
final class FaceExpressionFrames implements FrameBackbone {

    static final String NAME = "face-expression-net";

    private final FaceExpressionNet net;
    private final BackboneId id;

    private FaceExpressionFrames(FaceExpressionNet net, BackboneId id) {
        this.net = net;
        this.id = id;
    }

    static FaceExpressionFrames open(Path packageDir, Device device) throws IOException {
        if (!FaceExpressionPackage.present(packageDir)) {
            throw new IOException("the " + NAME + " weights are not in " + packageDir + "; fetch them once with "
                    + "`affect-streams backbones fetch " + NAME + "` (needs npm)");
        }
        String sha = FaceExpressionPackage.sha256(packageDir.resolve(FaceExpressionPackage.WEIGHTS));
        return new FaceExpressionFrames(FaceExpressionNet.load(packageDir, device),
                new BackboneId(NAME, FaceExpressionPackage.SPEC, sha));
    }

    @Override
    public BackboneId id() {
        return id;
    }

    @Override
    public int outputDim() {
        return FaceExpressionNet.FEATURES;
    }

    @Override
    public float[][] embed(List<BufferedImage> frames, List<Rectangle> crops) {
        int size = FaceExpressionNet.SIZE * FaceExpressionNet.SIZE * 3;
        float[] all = new float[frames.size() * size];
        for (int i = 0; i < frames.size(); i++) {
            BufferedImage frame = frames.get(i);
            Rectangle box = crops.get(i) == null ? null
                    : crops.get(i).intersection(new Rectangle(0, 0, frame.getWidth(), frame.getHeight()));
            BufferedImage face = box == null || box.isEmpty() ? frame
                    : frame.getSubimage(box.x, box.y, box.width, box.height);
            System.arraycopy(FaceExpressionNet.input(face), 0, all, i * size, size);
        }
        try (NDScope ignored = new NDScope()) {
            float[] flat = net.features(net.manager().create(all, new Shape(frames.size(), FaceExpressionNet.SIZE,
                    FaceExpressionNet.SIZE, 3))).toFloatArray();
            return TensorBackbone.rows(flat, frames.size(), outputDim());
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
