package dev.affectstreams.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.affectstreams.model.heads.ConCluGenHeads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ConCluGen heads with the native memory that holds their parameters. Created with seeded
 * initial weights or loaded from a parameter file; closed by its owner.
 */
public final class ConCluGenModel implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final ConCluGenHeads heads;
    private final ParameterStore parameterStore;

    private ConCluGenModel(ModelConfig config, Device device) {
        this.config = config;
        this.manager = NDManager.newBaseManager(device);
        this.heads = new ConCluGenHeads(config);
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** New heads with seeded random initial weights. */
    public static ConCluGenModel create(ModelConfig config, Device device, long seed) {
        ConCluGenModel model = new ConCluGenModel(config, device);
        Engine.getInstance().setRandomSeed((int) seed);
        model.heads.initialize(model.manager, DataType.FLOAT32, model.heads.inputShapes(2));
        return model;
    }

    /** Heads with the parameters of a file written by {@link #saveParameters}. */
    public static ConCluGenModel load(ModelConfig config, Device device, Path parameters) throws IOException {
        ConCluGenModel model = create(config, device, 0);
        model.loadParameters(parameters);
        return model;
    }

    public ModelConfig config() {
        return config;
    }

    public ConCluGenHeads heads() {
        return heads;
    }

    public NDManager manager() {
        return manager;
    }

    public ParameterStore parameterStore() {
        return parameterStore;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Every parameter the optimiser updates, with its name (running statistics excluded). */
    public List<Pair<String, NDArray>> trainableParameters() {
        return heads.getParameters().stream()
                .filter(p -> p.getValue().requiresGradient())
                .map(p -> new Pair<>(p.getKey(), p.getValue().getArray()))
                .toList();
    }

    /** Representations of a batch in inference mode (batch norm on running statistics). */
    public NDList represent(NDList features) {
        return heads.represent(parameterStore, features, false);
    }

    public void saveParameters(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            heads.saveParameters(out);
        }
    }

    public void loadParameters(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            heads.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("parameters in " + file + " do not fit this model: " + e.getMessage(), e);
        }
        // Loaded arrays come without autograd; trainable ones need it back to be trained further.
        heads.getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
