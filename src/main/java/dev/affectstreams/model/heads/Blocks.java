package dev.affectstreams.model.heads;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import ai.djl.training.initializer.XavierInitializer;

/** Layer factories with the reference's initialisation. */
final class Blocks {

    private Blocks() {
    }

    /**
     * A dense layer whose weights start as PyTorch's {@code nn.Linear} does:
     * uniform in ±1/sqrt(fan_in). (Biases start at zero, where PyTorch draws them from the same range.)
     */
    static Linear linear(long units, boolean bias) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        linear.setInitializer(new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1f), Parameter.Type.WEIGHT);
        return linear;
    }

    static Linear linear(long units) {
        return linear(units, true);
    }

    /** The output shape [batch, units] of a block that maps [batch, *] to [batch, units]. */
    static Shape[] batchOf(Shape input, long units) {
        return new Shape[] {new Shape(input.get(0), units)};
    }

    static Shape single(Block block, Shape input) {
        return block.getOutputShapes(new Shape[] {input})[0];
    }
}
