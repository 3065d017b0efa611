package dev.affectstreams.model.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable part of ConCluGen above the frozen backbones: one representation head and one
 * decoder per modality, a projection head and a cluster head shared by all modalities.
 * Input: one feature batch per modality, in model order. Output: {@link HeadOutputs}.
 */
public final class ConCluGenHeads extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final List<RepresentationHead> representation = new ArrayList<>();
    private final List<SequentialBlock> decoders = new ArrayList<>();
    private final SequentialBlock projection;
    private final SequentialBlock cluster;

    public ConCluGenHeads(ModelConfig config) {
        super(VERSION);
        this.config = config;
        long r = config.representationDim();
        for (Modality m : config.modalities()) {
            RepresentationHead head = m == Modality.AUDIO
                    ? RepresentationHead.gatedThenLinear(config.inputDim(m), r)
                    : RepresentationHead.gated(r);
            representation.add(addChildBlock("representation_" + m.key(), head));
        }
        projection = addChildBlock("projection", PretrainingHeads.projection(r, config.projectionDim()));
        cluster = addChildBlock("cluster", PretrainingHeads.cluster(config.clusters()));
        for (Modality m : config.modalities()) {
            decoders.add(addChildBlock("decoder_" + m.key(),
                    PretrainingHeads.decoder(config.reconstructionDim(), config.inputDim(m))));
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Input shapes for a batch of the given size, in model order. */
    public Shape[] inputShapes(long batch) {
        return config.modalities().stream().map(m -> new Shape(batch, config.inputDim(m))).toArray(Shape[]::new);
    }

    /** Only the representation heads: what the classifier and the live path need. */
    public NDList represent(ParameterStore ps, NDList features, boolean training) {
        NDList out = new NDList();
        for (int i = 0; i < representation.size(); i++) {
            out.add(representation.get(i).forward(ps, new NDList(features.get(i)), training).singletonOrThrow());
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        List<NDArray> r = represent(ps, inputs, training);
        List<NDArray> p = new ArrayList<>();
        List<NDArray> z = new ArrayList<>();
        List<NDArray> q = new ArrayList<>();
        List<NDArray> xhat = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            NDArray pi = projection.forward(ps, new NDList(r.get(i)), training).singletonOrThrow();
            p.add(pi);
            z.add(l2Normalize(pi));
            q.add(cluster.forward(ps, new NDList(pi), training).singletonOrThrow());
            xhat.add(decoders.get(i).forward(ps, new NDList(r.get(i)), training).singletonOrThrow());
        }
        return new HeadOutputs(r, p, z, q, xhat).toList();
    }

    /** Row-wise L2 normalisation with the norm clamped at 1e-12, as {@code F.normalize}: a zero row stays zero. */
    static NDArray l2Normalize(NDArray x) {
        NDArray norm = x.norm(new int[] {1}, true).maximum(1e-12f);
        return x.div(norm);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> shapes = new ArrayList<>();
        long batch = inputShapes[0].get(0);
        int m = inputShapes.length;
        for (int i = 0; i < m; i++) {
            shapes.add(new Shape(batch, config.representationDim()));
        }
        for (int part = 0; part < 2; part++) {
            for (int i = 0; i < m; i++) {
                shapes.add(new Shape(batch, config.projectionDim()));
            }
        }
        for (int i = 0; i < m; i++) {
            shapes.add(new Shape(batch, config.clusters()));
        }
        for (int i = 0; i < m; i++) {
            shapes.add(inputShapes[i]);
        }
        return shapes.toArray(Shape[]::new);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape rShape = new Shape(batch, config.representationDim());
        for (int i = 0; i < representation.size(); i++) {
            representation.get(i).initialize(manager, dataType, inputShapes[i]);
            decoders.get(i).initialize(manager, dataType, rShape);
        }
        projection.initialize(manager, dataType, rShape);
        cluster.initialize(manager, dataType, new Shape(batch, config.projectionDim()));
    }
}
