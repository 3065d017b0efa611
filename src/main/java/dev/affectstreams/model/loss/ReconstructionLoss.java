package dev.affectstreams.model.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The reconstruction ("Gen") loss: Σ over modalities of the mean squared error to the frozen backbone features. */
public final class ReconstructionLoss {

    public NDArray compute(List<NDArray> reconstructions, List<NDArray> targets) {
        NDArray total = null;
        for (int i = 0; i < reconstructions.size(); i++) {
            NDArray mse = reconstructions.get(i).sub(targets.get(i)).square().mean();
            total = total == null ? mse : total.add(mse);
        }
        return total;
    }
}
