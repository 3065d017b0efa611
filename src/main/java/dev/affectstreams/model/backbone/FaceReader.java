package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.media.FrameSampler;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pretrained face expression network's own 7-way head as a reader of faces: for each chunk
 * whose face was found, up to {@link #FRAMES_PER_CHUNK} of its frames (spread evenly, as the 3D
 * backbone samples them) cropped to the face box, run in one batch, and the softmax averaged
 * over them. Needs no training: it says what the network sees. One instance per thread.
 */
public final class FaceReader implements AutoCloseable {

    /** Frames of a chunk the reading is averaged over. */
    public static final int FRAMES_PER_CHUNK = 4;

    /** One chunk's reading: the mean probability per {@link FaceExpressionNet#LABELS} class and the frames used. */
    public record Reading(float[] probabilities, int frames) {

        public Reading {
            probabilities = probabilities.clone();
        }

        @Override
        public float[] probabilities() {
            return probabilities.clone();
        }

        /** The class with the highest mean probability. */
        public String topClass() {
            return FaceExpressionNet.LABELS.get(top());
        }

        /** The top class's mean probability. */
        public float topProbability() {
            return probabilities[top()];
        }

        private int top() {
            int best = 0;
            for (int i = 1; i < probabilities.length; i++) {
                best = probabilities[i] > probabilities[best] ? i : best;
            }
            return best;
        }
    }

    /** The network's class for each MOSEI-6 emotion (neutral has none). */
    private static final Map<String, String> CLASS_OF_MOSEI = Map.of("happy", "happy", "sad", "sad", "anger", "angry",
            "surprise", "surprised", "disgust", "disgusted", "fear", "fearful");

    /** The MOSEI-6 label a class of the network stands for, or null for neutral. */
    public static String moseiLabel(String faceClass) {
        return CLASS_OF_MOSEI.entrySet().stream().filter(e -> e.getValue().equals(faceClass)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The class of the network a MOSEI-6 label stands for. */
    public static String faceClass(String moseiLabel) {
        return CLASS_OF_MOSEI.get(moseiLabel);
    }

    private final FaceExpressionNet net;
    private final String weightsSha256;

    private FaceReader(FaceExpressionNet net, String weightsSha256) {
        this.net = net;
        this.weightsSha256 = weightsSha256;
    }

    /** The reader over the network installed by {@code backbones fetch face-expression-net}, if it is installed. */
    public static Optional<FaceReader> installed(Device device) throws IOException {
        return FaceExpressionPackage.installed() ? Optional.of(open(FrameBackbone.FACE_EXPRESSION_DIR, device))
                : Optional.empty();
    }

    /** The reader over an unpacked package directory (see {@link FaceExpressionPackage}). */
    public static FaceReader open(Path packageDir, Device device) throws IOException {
        if (!FaceExpressionPackage.present(packageDir)) {
            throw new IOException("the face expression network is not in " + packageDir);
        }
        String sha = FaceExpressionPackage.sha256(packageDir.resolve(FaceExpressionPackage.WEIGHTS));
        return new FaceReader(FaceExpressionNet.load(packageDir, device), sha);
    }

    /** The network's name, as readings carry it. */
    public String network() {
        return FaceExpressionFrames.NAME;
    }

    public String weightsSha256() {
        return weightsSha256;
    }

    /** The classes, in the order of {@link Reading#probabilities()}. */
    public List<String> classes() {
        return FaceExpressionNet.LABELS;
    }

    /**
     * One reading per chunk, null where the chunk has no face box or no frames; all faces of the
     * call go through the network in one batch.
     */
    public List<Reading> read(List<List<BufferedImage>> framesPerChunk, List<Rectangle> faces) {
        int size = FaceExpressionNet.SIZE * FaceExpressionNet.SIZE * 3;
        List<float[]> inputs = new ArrayList<>();
        int[] used = new int[framesPerChunk.size()];
        for (int c = 0; c < framesPerChunk.size(); c++) {
            List<BufferedImage> frames = framesPerChunk.get(c);
            Rectangle box = faces.get(c);
            if (box == null || frames.isEmpty()) {
                continue;
            }
            for (int i : FrameSampler.linspace(frames.size(), Math.min(FRAMES_PER_CHUNK, frames.size()))) {
                BufferedImage frame = frames.get(i);
                Rectangle crop = box.intersection(new Rectangle(0, 0, frame.getWidth(), frame.getHeight()));
                if (crop.isEmpty()) {
                    continue;
                }
                inputs.add(FaceExpressionNet.input(frame.getSubimage(crop.x, crop.y, crop.width, crop.height)));
                used[c]++;
            }
        }
        List<Reading> readings = new ArrayList<>();
        if (inputs.isEmpty()) {
            framesPerChunk.forEach(f -> readings.add(null));
            return readings;
        }
        float[] all = new float[inputs.size() * size];
        for (int i = 0; i < inputs.size(); i++) {
            System.arraycopy(inputs.get(i), 0, all, i * size, size);
        }
        float[] p;
        try (NDScope ignored = new NDScope()) {
            NDArray x = net.manager().create(all, new Shape(inputs.size(), FaceExpressionNet.SIZE,
                    FaceExpressionNet.SIZE, 3));
            p = net.logits(net.features(x)).softmax(1).toFloatArray();
        }
        int classes = FaceExpressionNet.LABELS.size();
        int row = 0;
        for (int c = 0; c < framesPerChunk.size(); c++) {
            if (used[c] == 0) {
                readings.add(null);
                continue;
            }
            float[] mean = new float[classes];
            for (int f = 0; f < used[c]; f++, row++) {
                for (int k = 0; k < classes; k++) {
                    mean[k] += p[row * classes + k] / used[c];
                }
            }
            readings.add(new Reading(mean, used[c]));
        }
        return readings;
    }

    @Override
    public void close() {
        net.close();
    }
}
