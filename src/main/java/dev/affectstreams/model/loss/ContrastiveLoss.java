package dev.affectstreams.model.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The MMS contrastive loss of the reference (from MCN), without temperature: for each pair of
 * modalities (i, j) in the cycle (v,a), (a,t), (t,v) — the single pair with two modalities —
 * {@code S = Z_i Z_jᵀ − δI} and {@code L = CE(S, diag) + CE(Sᵀ, diag)}; the pair losses are
 * summed. Negatives are the other clips of the batch.
 */
public final class ContrastiveLoss {

    private final double margin;

    public ContrastiveLoss(double margin) {
        this.margin = margin;
    }

    /** @param z L2-normalised projections, one [B, P] array per modality in model order */
    public NDArray compute(List<NDArray> z) {
        NDArray total = null;
        for (int[] pair : pairs(z.size())) {
            NDArray loss = pair(z.get(pair[0]), z.get(pair[1]));
            total = total == null ? loss : total.add(loss);
        }
        return total;
    }

    /** The symmetric loss of one pair. */
    public NDArray pair(NDArray zi, NDArray zj) {
        NDArray eye = zi.getManager().eye((int) zi.getShape().get(0)).toType(zi.getDataType(), false);
        NDArray s = zi.matMul(zj.transpose()).sub(eye.mul((float) margin));
        return diagonalCrossEntropy(s, eye).add(diagonalCrossEntropy(s.transpose(), eye));
    }

    /** Mean over rows of −log softmax(row) at the diagonal. */
    static NDArray diagonalCrossEntropy(NDArray scores, NDArray eye) {
        return scores.logSoftmax(1).mul(eye).sum(new int[] {1}).mean().neg();
    }

    /** Index pairs of the modality cycle: one pair for two modalities, a cycle of three for three. */
    static List<int[]> pairs(int modalities) {
        if (modalities == 2) {
            return List.of(new int[] {0, 1});
        }
        if (modalities == 3) {
            return List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 0});
        }
        throw new IllegalArgumentException("the contrastive loss needs two or three modalities, got " + modalities);
    }
}
