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

/**
 * A frozen convolutional backbone in inference mode: a batch of inputs of a fixed shape in,
 * one pooled vector per input out. Holds native memory; one instance per thread, closed by
 * its owner.
 */
public final class ConvBackbone implements TensorBackbone {

    private final BackboneId id;
    private final Architectures.Net net;
    private final long[] inputShape;
    private final NDManager manager;
    private final ParameterStore store;

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
