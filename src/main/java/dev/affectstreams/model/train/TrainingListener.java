package dev.affectstreams.model.train;

/** Progress of a training run, for a progress bar or a log. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
    }

    default void onEpoch(TrainingReport.EpochSummary summary) {
    }
}
