package dev.affectstreams.model.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Gated embedding unit, GEU(in → out): {@code y = ReLU(W2 · CG(ReLU(W1 x + b1)) + b2)} with
 * context gating {@code CG(u) = u ⊙ σ(Wg u + bg)}.
 */
public final class GatedEmbeddingUnit extends AbstractBlock {

    private final Linear fc1;
    private final Linear gate;
    private final Linear fc2;

    public GatedEmbeddingUnit(long out) {
        super((byte) 1);
        fc1 = addChildBlock("fc1", Blocks.linear(out));
        gate = addChildBlock("gate", Blocks.linear(out));
        fc2 = addChildBlock("fc2", Blocks.linear(out));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray u = Activation.relu(fc1.forward(ps, inputs, training).singletonOrThrow());
        NDArray g = Activation.sigmoid(gate.forward(ps, new NDList(u), training).singletonOrThrow());
        NDArray gated = u.mul(g);
        return new NDList(Activation.relu(fc2.forward(ps, new NDList(gated), training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fc2.getOutputShapes(gate.getOutputShapes(fc1.getOutputShapes(inputShapes)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc1.initialize(manager, dataType, inputShapes);
        Shape[] hidden = fc1.getOutputShapes(inputShapes);
        gate.initialize(manager, dataType, hidden);
        fc2.initialize(manager, dataType, hidden);
    }
}
