package dev.affectstreams.model.heads;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;

/** Factories of the self-supervised heads of the reference. */
public final class PretrainingHeads {

    private PretrainingHeads() {
    }

    /**
     * The projection head shared by all modalities: {@code ReLU(L2(ReLU(BN(L1 r))))} with
     * L1: R → R/8 and L2: R/8 → P. The caller L2-normalises its output for the contrastive loss.
     */
    public static SequentialBlock projection(long representationDim, long projectionDim) {
        return new SequentialBlock()
                .add(Blocks.linear(representationDim / 8))
                .add(BatchNorm.builder().optAxis(1).optEpsilon(1e-5f).optMomentum(0.9f).build())
                .add(Activation.reluBlock())
                .add(Blocks.linear(projectionDim))
                .add(Activation.reluBlock());
    }

    /** The cluster head shared by all modalities: Linear(P → K) without bias, fed the un-normalised projection. */
    public static SequentialBlock cluster(long clusters) {
        return new SequentialBlock().add(Blocks.linear(clusters, false));
    }

    /**
     * A modality's decoder: {@code ReLU(Linear(D → dim)(ReLU(Linear(R → D) r)))}. The final ReLU
     * is the reference's: it cannot reproduce negative target components.
     */
    public static SequentialBlock decoder(long reconstructionDim, long outputDim) {
        return new SequentialBlock()
                .add(Blocks.linear(reconstructionDim))
                .add(Activation.reluBlock())
                .add(Blocks.linear(outputDim))
                .add(Activation.reluBlock());
    }
}
