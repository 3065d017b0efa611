package dev.affectstreams.model.probe;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.affectstreams.model.LabelSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The downstream classifier: Dropout(0.5) then Linear(M·R → C) with Kaiming-normal weights,
 * on the concatenated frozen representations.
 */
public final class LinearProbe implements AutoCloseable {

    public static final float DROPOUT = 0.5f;

    private final LabelSet labelSet;
    private final NDManager manager;
    private final SequentialBlock block;
    private final ParameterStore parameterStore;

    private LinearProbe(LabelSet labelSet, int inputDim, Device device, long seed) {
        this.labelSet = labelSet;
        this.manager = NDManager.newBaseManager(device);
        Linear linear = Linear.builder().setUnits(labelSet.size()).build();
        // Kaiming normal (fan in, gain √2): std = sqrt(2 / fan_in).
        linear.setInitializer(new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2f), Parameter.Type.WEIGHT);
        this.block = new SequentialBlock().add(Dropout.builder().optRate(DROPOUT).build()).add(linear);
        Engine.getInstance().setRandomSeed((int) seed);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        this.parameterStore = new ParameterStore(manager, false);
    }

    public static LinearProbe create(LabelSet labelSet, int inputDim, Device device, long seed) {
        return new LinearProbe(labelSet, inputDim, device, seed);
    }

    public static LinearProbe load(LabelSet labelSet, int inputDim, Device device, Path file) throws IOException {
        LinearProbe probe = create(labelSet, inputDim, device, 0);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            probe.block.loadParameters(probe.manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("classifier parameters in " + file + " do not fit: " + e.getMessage(), e);
        }
        probe.block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
        return probe;
    }

    public LabelSet labelSet() {
        return labelSet;
    }

    public NDManager manager() {
        return manager;
    }

    public NDArray logits(NDArray fused, boolean training) {
        return block.forward(parameterStore, new NDList(fused), training).singletonOrThrow();
    }

    public List<Pair<String, NDArray>> parameters() {
        return block.getParameters().stream().map(p -> new Pair<>(p.getKey(), p.getValue().getArray())).toList();
    }

    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
