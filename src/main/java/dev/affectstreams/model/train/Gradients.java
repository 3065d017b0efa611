package dev.affectstreams.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.util.Pair;
import java.util.List;

/** Gradient housekeeping of a training step. Call inside an {@code NDScope}: it creates temporary arrays. */
public final class Gradients {

    private Gradients() {
    }

    /** Sets every gradient to zero; PyTorch accumulates gradients across backward passes. */
    public static void zero(List<Pair<String, NDArray>> parameters) {
        for (Pair<String, NDArray> p : parameters) {
            if (p.getValue().hasGradient()) {
                NDArray g = p.getValue().getGradient();
                g.muli(0);
            }
        }
    }

    /**
     * The global L2 norm of the gradients.
     *
     * @throws NonFiniteGradientException naming the first parameter with a NaN or infinite gradient
     */
    public static double checkedNorm(List<Pair<String, NDArray>> parameters) {
        double sumOfSquares = 0;
        for (Pair<String, NDArray> p : parameters) {
            double s = p.getValue().getGradient().square().sum().getFloat();
            if (!Double.isFinite(s)) {
                throw new NonFiniteGradientException(p.getKey());
            }
            sumOfSquares += s;
        }
        return Math.sqrt(sumOfSquares);
    }

    /** A gradient that is NaN or infinite: the step is refused and training stops. */
    public static final class NonFiniteGradientException extends IllegalStateException {

        NonFiniteGradientException(String parameter) {
            super("gradient of " + parameter + " is not finite; lower the learning rate or check the features");
        }
    }
}
