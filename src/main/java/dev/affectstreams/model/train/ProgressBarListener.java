package dev.affectstreams.model.train;

import ai.djl.training.util.ProgressBar;
import java.util.Map;
import java.util.function.Consumer;

/** Shows training progress as a console progress bar, one line per finished epoch with its loss terms. */
public final class ProgressBarListener implements TrainingListener {

    private final int epochs;
    private final Consumer<String> lines;
    private ProgressBar bar;
    private int barEpoch = -1;

    public ProgressBarListener(int epochs, Consumer<String> lines) {
        this.epochs = epochs;
        this.lines = lines;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        if (bar == null || barEpoch != epoch) {
            bar = new ProgressBar("epoch " + (epoch + 1) + "/" + epochs, stepsPerEpoch);
            barEpoch = epoch;
        }
        bar.update(step, String.format("loss %.4f", loss));
    }

    @Override
    public void onEpoch(TrainingReport.EpochSummary summary) {
        StringBuilder line = new StringBuilder(String.format("epoch %d/%d  lr %.3g", summary.epoch() + 1, epochs,
                summary.learningRate()));
        for (Map.Entry<String, Double> term : summary.meanLoss().entrySet()) {
            line.append(String.format("  %s %.4f", term.getKey(), term.getValue()));
        }
        line.append(String.format("  |grad| %.3g", summary.meanGradNorm()));
        lines.accept(line.toString());
    }
}
