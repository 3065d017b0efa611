package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pretrained face expression network of face-api (a TF.js model: four dense blocks of
 * depthwise-separable convolutions over a 112x112 RGB face, average pooling to 256 features,
 * a linear layer to 7 expressions) re-implemented with DJL operators, its weights read from
 * the TF.js manifest and dequantised. TensorFlow's "same" padding is reproduced exactly (for
 * stride 2 the extra row and column go at the bottom and right). {@link #features} is the
 * 256-d backbone output; {@link #logits} the network's own 7-way head, a reference classifier.
 */
public final class FaceExpressionNet implements AutoCloseable {

    public static final int SIZE = 112;
    public static final int FEATURES = 256;
    /** The head's classes, in the network's order. */
    public static final List<String> LABELS = List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted",
            "surprised");
    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final NDManager manager;
    private final Map<String, NDArray> weights;

    private FaceExpressionNet(NDManager manager, Map<String, NDArray> weights) {
        this.manager = manager;
        this.weights = weights;
    }

    /** The widths of the four dense blocks. */
    private static final int[] WIDTHS = {32, 64, 128, 256};

    /**
     * Multiply-accumulates of {@link #features} for one face: each dense block halves the size
     * with its first convolution (a full 3x3 one in the first block, depthwise-separable after),
     * then three separable 3x3 convolutions at its width.
     */
    public static long macs() {
        long total = 0;
        int size = SIZE;
        int in = 3;
        for (int b = 0; b < WIDTHS.length; b++) {
            int out = WIDTHS[b];
            size /= 2;
            long positions = (long) size * size;
            total += b == 0 ? positions * 9 * in * out : positions * (9L * in + (long) in * out);
            total += 3 * positions * (9L * out + (long) out * out);
            in = out;
        }
        return total;
    }

    /** Loads the network from an unpacked package directory (see {@link FaceExpressionPackage}). */
    public static FaceExpressionNet load(Path packageDir, Device device) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(packageDir.resolve(FaceExpressionPackage.MANIFEST).toFile());
        ByteBuffer bin = ByteBuffer.wrap(Files.readAllBytes(packageDir.resolve(FaceExpressionPackage.WEIGHTS)))
                .order(ByteOrder.LITTLE_ENDIAN);
        NDManager manager = NDManager.newBaseManager(device);
        Map<String, NDArray> weights = new HashMap<>();
        try {
            for (JsonNode group : manifest) {
                for (JsonNode w : group.get("weights")) {
                    int[] shape = new int[w.get("shape").size()];
                    int count = 1;
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = w.get("shape").get(i).asInt();
                        count *= shape[i];
                    }
                    float[] values = decode(w, bin, count);
                    long[] dims = Arrays.stream(shape).asLongStream().toArray();
                    weights.put(w.get("name").asText(), toTorchLayout(w.get("name").asText(),
                            manager.create(values, new Shape(dims))));
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw new IOException("cannot read the face expression weights in " + packageDir + ": " + e.getMessage(), e);
        }
        if (bin.hasRemaining()) {
            manager.close();
            throw new IOException("the face expression weights hold " + bin.remaining() + " bytes the manifest does not "
                    + "describe");
        }
        return new FaceExpressionNet(manager, weights);
    }

    private static float[] decode(JsonNode w, ByteBuffer bin, int count) {
        float[] values = new float[count];
        JsonNode q = w.get("quantization");
        if (q == null) {
            for (int i = 0; i < count; i++) {
                values[i] = bin.getFloat();
            }
            return values;
        }
        float scale = (float) q.get("scale").asDouble();
        float min = (float) q.get("min").asDouble();
        String dtype = q.get("dtype").asText();
        for (int i = 0; i < count; i++) {
            int raw = switch (dtype) {
                case "uint8" -> bin.get() & 0xff;
                case "uint16" -> bin.getShort() & 0xffff;
                default -> throw new IllegalArgumentException("quantization " + dtype + " is not supported");
            };
            values[i] = raw * scale + min;
        }
        return values;
    }

    /** TF.js HWIO filters to PyTorch OIHW; depthwise HWC1 to C1HW; everything else unchanged. */
    private static NDArray toTorchLayout(String name, NDArray w) {
        if (name.endsWith("/filters") || name.endsWith("/pointwise_filter")) {
            return w.transpose(3, 2, 0, 1);
        }
        if (name.endsWith("/depthwise_filter")) {
            return w.transpose(2, 3, 0, 1);
        }
        return w;
    }

    public NDManager manager() {
        return manager;
    }

    /** 256 pooled features per face, from [N, 112, 112, 3] RGB values in 0..255. */
    public NDArray features(NDArray rgb) {
        NDArray mean = manager.create(MEAN_RGB, new Shape(1, 1, 1, 3));
        NDArray x = rgb.sub(mean).div(255f).transpose(0, 3, 1, 2);
        x = denseBlock(x, "dense0", true);
        x = denseBlock(x, "dense1", false);
        x = denseBlock(x, "dense2", false);
        x = denseBlock(x, "dense3", false);
        return x.mean(new int[] {3}).mean(new int[] {2});
    }

    /** The network's own expression logits from its features; softmax gives {@link #LABELS} probabilities. */
    public NDArray logits(NDArray features) {
        return features.matMul(weights.get("fc/weights")).add(weights.get("fc/bias"));
    }

    private NDArray denseBlock(NDArray x, String block, boolean first) {
        NDArray out1 = (first ? conv(x, block + "/conv0") : separable(x, block + "/conv0", 2));
        out1 = Activation.relu(out1);
        NDArray out2 = separable(out1, block + "/conv1", 1);
        NDArray in3 = Activation.relu(out1.add(out2));
        NDArray out3 = separable(in3, block + "/conv2", 1);
        NDArray in4 = Activation.relu(out1.add(out2.add(out3)));
        NDArray out4 = separable(in4, block + "/conv3", 1);
        return Activation.relu(out1.add(out2.add(out3.add(out4))));
    }

    /** The first layer: a full 3x3 convolution with stride 2, TensorFlow "same" padding. */
    private NDArray conv(NDArray x, String name) {
        return Conv2d.conv2d(padForStride2(x), weights.get(name + "/filters"), weights.get(name + "/bias"),
                new Shape(2, 2), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
    }

    private NDArray separable(NDArray x, String name, int stride) {
        NDArray depthwise = weights.get(name + "/depthwise_filter");
        int channels = (int) depthwise.getShape().get(0);
        NDArray input = stride == 2 ? padForStride2(x) : x;
        Shape padding = stride == 2 ? new Shape(0, 0) : new Shape(1, 1);
        NDArray d = Conv2d.conv2d(input, depthwise, null, new Shape(stride, stride), padding, new Shape(1, 1), channels)
                .singletonOrThrow();
        return Conv2d.conv2d(d, weights.get(name + "/pointwise_filter"), weights.get(name + "/bias"))
                .singletonOrThrow();
    }

    /** "same" for a 3x3 kernel at stride 2 on an even size: one extra row at the bottom, one column at the right. */
    private static NDArray padForStride2(NDArray x) {
        return x.pad(new Shape(0, 1, 0, 1), 0);
    }

    /**
     * A face crop as the network's input: padded with black to a square (centred, as face-api
     * does), then resized to 112x112 with TensorFlow's bilinear rule (no corner alignment, no
     * half-pixel centres). Returns 112x112x3 RGB values in 0..255, row-major.
     */
    public static float[] input(BufferedImage face) {
        int w = face.getWidth();
        int h = face.getHeight();
        int side = Math.max(w, h);
        int diff = side - Math.min(w, h);
        int prepend = diff - (int) Math.round(diff * 0.5);
        int offX = w < h ? prepend : 0;
        int offY = h < w ? prepend : 0;
        float[] square = new float[side * side * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = face.getRGB(x, y);
                int o = ((y + offY) * side + (x + offX)) * 3;
                square[o] = (rgb >> 16) & 0xff;
                square[o + 1] = (rgb >> 8) & 0xff;
                square[o + 2] = rgb & 0xff;
            }
        }
        return side == SIZE ? square : resizeBilinear(square, side, SIZE);
    }

    static float[] resizeBilinear(float[] src, int in, int out) {
        float[] dst = new float[out * out * 3];
        float scale = (float) in / out;
        for (int y = 0; y < out; y++) {
            float sy = y * scale;
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, in - 1);
            float fy = sy - y0;
            for (int x = 0; x < out; x++) {
                float sx = x * scale;
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, in - 1);
                float fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    float top = src[(y0 * in + x0) * 3 + c] + (src[(y0 * in + x1) * 3 + c] - src[(y0 * in + x0) * 3 + c]) * fx;
                    float bottom = src[(y1 * in + x0) * 3 + c]
                            + (src[(y1 * in + x1) * 3 + c] - src[(y1 * in + x0) * 3 + c]) * fx;
                    dst[(y * out + x) * 3 + c] = top + (bottom - top) * fy;
                }
            }
        }
        return dst;
    }

    @Override
    public void close() {
        manager.close();
    }
}
