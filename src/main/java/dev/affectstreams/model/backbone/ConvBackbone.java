package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.affectstreams.avro.BackboneId;
import java.util.Arrays;

/**
 * A frozen convolutional backbone in inference mode: a batch of inputs of a fixed shape in,
 * one pooled vector per input out. A 3D network runs a batch in slices whose unfolded
 * convolution input stays within {@link #UNFOLD_BUDGET_BYTES}: PyTorch's CPU 3D convolution
 * unfolds the whole batch at once (17 GB for 32 paper-scale clips in the 7x7x7 stem), which
 * would exhaust a host's memory. Holds native memory; one instance per thread, closed by its
 * owner.
 */
public final class ConvBackbone implements TensorBackbone {

    private final BackboneId id;
    private final Architectures.Net net;
    private final long[] inputShape;
    private final NDManager manager;
    private final ParameterStore store;
    private final int slice;

    /** The most memory one 3D convolution may unfold a slice of the batch into. */
    public static final long UNFOLD_BUDGET_BYTES = 1L << 30;

    /** @param inputShape the shape of one input, without the batch dimension */
    public ConvBackbone(BackboneId id, Architectures.Net net, long[] inputShape, Device device, long seed) {
        this.id = id;
        this.net = net;
        this.inputShape = inputShape.clone();
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) seed);
        long[] withBatch = new long[inputShape.length + 1];
        withBatch[0] = 1;
        System.arraycopy(inputShape, 0, withBatch, 1, inputShape.length);
        net.block().initialize(manager, DataType.FLOAT32, new Shape(withBatch));
        net.block().freezeParameters(true);
        this.store = new ParameterStore(manager, false);
        this.slice = net.unfoldBytesPerInput() == 0 ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, UNFOLD_BUDGET_BYTES / net.unfoldBytesPerInput()));
    }

    /** The most inputs one forward pass takes; larger batches run in slices of this size. */
    public int slice() {
        return slice;
    }

    @Override
    public BackboneId id() {
        return id;
    }

    @Override
    public int outputDim() {
        return net.outputDim();
    }

    /** Multiply-accumulates per input at this input shape. */
    public long macs() {
        return net.macs();
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    /**
     * @param inputs batch × (product of the input shape) values, row-major
     * @return batch × outputDim pooled features
     */
    @Override
    public float[][] embed(float[] inputs, int batch) {
        if (batch <= slice) {
            return forward(inputs, batch);
        }
        int volume = inputs.length / batch;
        float[][] out = new float[batch][];
        for (int from = 0; from < batch; from += slice) {
            int n = Math.min(slice, batch - from);
            float[] part = Arrays.copyOfRange(inputs, from * volume, (from + n) * volume);
            System.arraycopy(forward(part, n), 0, out, from, n);
        }
        return out;
    }

    private float[][] forward(float[] inputs, int batch) {
        try (NDScope ignored = new NDScope()) {
            NDArray x = manager.create(inputs, TensorBackbone.batchOf(batch, inputShape));
            float[] flat = net.block().forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            return TensorBackbone.rows(flat, batch, outputDim());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
