package dev.affectstreams.model.train;

/**
 * The reference's schedule, per epoch: a linear warm-up from {@code warmupStartFactor × lr} to
 * lr over {@code warmupEpochs}, then cosine annealing with warm restarts (first cycle
 * {@code cycleEpochs}, each next cycle {@code cycleMultiplier} times longer, down to
 * {@code minLr}), each cycle's peak multiplied by {@code cycleDecay} (1 = plain restarts).
 */
public record LearningRateSchedule(double lr, int warmupEpochs, double warmupStartFactor, int cycleEpochs,
                                   int cycleMultiplier, double minLr, double cycleDecay) {

    /** The pretraining schedule of the reference's defaults: warm-up 5 epochs from 0.1, T_0 20, T_mult 2, γ 0.75. */
    public static LearningRateSchedule pretraining(double lr) {
        return new LearningRateSchedule(lr, 5, 0.1, 20, 2, 1e-6, 0.75);
    }

    /** The linear probe's schedule: the same warm-up and restarts, without per-cycle decay. */
    public static LearningRateSchedule probe(double lr) {
        return new LearningRateSchedule(lr, 5, 0.1, 20, 2, 1e-6, 1.0);
    }

    public double at(int epoch) {
        if (epoch < warmupEpochs) {
            return lr * (warmupStartFactor + (1 - warmupStartFactor) * epoch / warmupEpochs);
        }
        int t = epoch - warmupEpochs;
        int cycle = 0;
        long length = cycleEpochs;
        while (t >= length) {
            t -= (int) length;
            length *= cycleMultiplier;
            cycle++;
        }
        double peak = lr * Math.pow(cycleDecay, cycle);
        return minLr + (peak - minLr) * (1 + Math.cos(Math.PI * t / length)) / 2;
    }
}
