package dev.affectstreams.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.model.backbone.FaceExpressionNet;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java port of the face expression network against the original: the same 112x112 inputs
 * (real face crops, prepared as the port prepares them) through face-api's own TensorFlow.js
 * build, run with Node.js, and through the port; the largest difference of any probability and
 * how often the two agree on the top class.
 */
public final class OriginalNetwork {

    /** The comparison, or why it could not be made. */
    public record Comparison(int faces, double maxAbsDiff, double topOneAgreement, String unavailable) {
    }

    private OriginalNetwork() {
    }

    /** The port's probabilities of the same inputs, row by row. */
    private static float[] portedProbabilities(Path packageDir, float[] all, int n) throws IOException {
        try (FaceExpressionNet net = FaceExpressionNet.load(packageDir, Device.cpu());
             NDScope ignored = new NDScope()) {
            return net.logits(net.features(net.manager().create(all, new Shape(n, FaceExpressionNet.SIZE,
                    FaceExpressionNet.SIZE, 3)))).softmax(1).toFloatArray();
        }
    }

    /** The largest difference of any probability, and how often the top classes agree. */
    private static Comparison agreement(JsonNode original, float[] port, int n) {
        int classes = FaceExpressionNet.LABELS.size();
        double max = 0;
        int agree = 0;
        for (int i = 0; i < n; i++) {
            int a = 0;
            int b = 0;
            for (int k = 0; k < classes; k++) {
                double o = original.get(i).get(k).asDouble();
                max = Math.max(max, Math.abs(o - port[i * classes + k]));
                a = o > original.get(i).get(a).asDouble() ? k : a;
                b = port[i * classes + k] > port[i * classes + b] ? k : b;
            }
            agree += a == b ? 1 : 0;
        }
        return new Comparison(n, max, (double) agree / n, null);
    }

    public static Comparison compare(Path packageDir, List<BufferedImage> crops, Path work) {
        try {
            FaceExpressionPackage.ensureRuntime(packageDir);
        } catch (IOException e) {
            return new Comparison(0, Double.NaN, Double.NaN, "face-api's JavaScript build: " + e.getMessage());
        }
        int size = FaceExpressionNet.SIZE * FaceExpressionNet.SIZE * 3;
        float[] all = new float[crops.size() * size];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(FaceExpressionNet.input(crops.get(i)), 0, all, i * size, size);
        }
        try {
            Path inputs = work.resolve("face-inputs.f32");
            ByteBuffer bytes = ByteBuffer.allocate(all.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(all);
            Files.write(inputs, bytes.array());
            Path script = work.resolve("original-probabilities.mjs");
            try (InputStream in = OriginalNetwork.class.getResourceAsStream(
                    "/face-expression-net/original-probabilities.mjs")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Process node;
            try {
                node = new ProcessBuilder("node", script.toString(), packageDir.toString(), inputs.toString(),
                        String.valueOf(crops.size())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                return new Comparison(0, Double.NaN, Double.NaN, "Node.js is not installed (" + e.getMessage() + ")");
            }
            byte[] out = node.getInputStream().readAllBytes();
            if (!node.waitFor(5, TimeUnit.MINUTES) || node.exitValue() != 0) {
                return new Comparison(0, Double.NaN, Double.NaN, "the original network did not run (node exit "
                        + node.exitValue() + ")");
            }
            JsonNode original = new ObjectMapper().readTree(out).get("probabilities");
            return agreement(original, portedProbabilities(packageDir, all, crops.size()), crops.size());
        } catch (IOException e) {
            return new Comparison(0, Double.NaN, Double.NaN, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Comparison(0, Double.NaN, Double.NaN, "interrupted");
        }
    }
}
