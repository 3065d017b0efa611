package dev.affectstreams.model.heads;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A modality's representation head, not shared: GEU(in → R) for video and text;
 * GEU(in → in) followed by a plain Linear(in → R) for audio, with no ReLU at the end, as in the
 * reference.
 */
public final class RepresentationHead extends AbstractBlock {

    private final GatedEmbeddingUnit geu;
    private final Linear widen;

    private RepresentationHead(long geuOut, Long widenTo) {
        super((byte) 1);
        geu = addChildBlock("geu", new GatedEmbeddingUnit(geuOut));
        widen = widenTo == null ? null : addChildBlock("widen", Blocks.linear(widenTo));
    }

    /** GEU(in → r): the video and text heads. */
    public static RepresentationHead gated(long r) {
        return new RepresentationHead(r, null);
    }

    /** GEU(in → in) then Linear(in → r): the audio head. */
    public static RepresentationHead gatedThenLinear(long in, long r) {
        return new RepresentationHead(in, r);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList embedded = geu.forward(ps, inputs, training);
        return widen == null ? embedded : widen.forward(ps, embedded, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] embedded = geu.getOutputShapes(inputShapes);
        return widen == null ? embedded : widen.getOutputShapes(embedded);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        geu.initialize(manager, dataType, inputShapes);
        if (widen != null) {
            widen.initialize(manager, dataType, geu.getOutputShapes(inputShapes));
        }
    }
}
