package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.avro.BackboneId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A backbone over preprocessed tensors: batch × input shape in, batch × pooled features out.
 * A built-in of {@link BackboneCatalog} or a user's TorchScript module ({@code torchscript:<path>}).
 */
public interface TensorBackbone extends AutoCloseable {

    /** Prefix of a TorchScript backbone spec. */
    String TORCHSCRIPT = "torchscript:";

    /** Where the live path finds TorchScript modules that releases name by file name. */
    Path TORCHSCRIPT_DIR = Path.of(System.getProperty("user.home"), ".affect-streams", "backbones", "torchscript");

    BackboneId id();

    int outputDim();

    /** The shape of one input, without the batch dimension. */
    long[] inputShape();

    /**
     * @param inputs batch × (product of the input shape) values, row-major
     * @return batch × outputDim pooled features
     */
    float[][] embed(float[] inputs, int batch);

    @Override
    void close();

    /** The shape of a batch of inputs of the given shape. */
    static Shape batchOf(int batch, long[] inputShape) {
        long[] shape = new long[inputShape.length + 1];
        shape[0] = batch;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return new Shape(shape);
    }

    /** Row-major batch × width values as one array per row. */
    static float[][] rows(float[] flat, int batch, int width) {
        float[][] out = new float[batch][width];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }

    /**
     * The file a {@code torchscript:<path>} spec names: the path itself, or a bare file name not
     * found there under {@link #TORCHSCRIPT_DIR} (where releases name their modules).
     */
    static Path torchScriptFile(String spec) {
        Path path = Path.of(spec.substring(TORCHSCRIPT.length()));
        if (!Files.isRegularFile(path) && path.getNameCount() == 1) {
            path = TORCHSCRIPT_DIR.resolve(path);
        }
        return path;
    }

    /**
     * A backbone by spec: a built-in name, or {@code torchscript:<path>} (a path, or a file name
     * under {@link #TORCHSCRIPT_DIR}) fed the reference's input layout for {@code kind}.
     */
    static TensorBackbone open(String spec, BackboneCatalog.Kind kind, Device device, long seed) {
        if (!spec.startsWith(TORCHSCRIPT)) {
            BackboneCatalog.Spec builtIn = BackboneCatalog.spec(spec);
            if (builtIn.kind() != kind) {
                throw new IllegalArgumentException("backbone " + spec + " is a " + builtIn.kind() + " backbone, not "
                        + kind);
            }
            return BackboneCatalog.open(spec, device, seed);
        }
        try {
            return TorchScriptBackbone.load(torchScriptFile(spec), kind, device);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
