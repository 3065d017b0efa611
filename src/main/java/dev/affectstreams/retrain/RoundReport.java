package dev.affectstreams.retrain;

import java.util.List;
import java.util.Map;

/**
 * What a retraining round did, published as JSON on {@code retrain.reports}.
 *
 * @param outcome          how the round ended
 * @param reasons          why it was rejected, skipped or failed; empty when promoted
 * @param samples          samples used: unlabelled (all usable samples), labelled.train,
 *                         labelled.heldout, and those ignored (other backbones, missing modality)
 * @param steps            self-supervised optimisation steps
 * @param loss             mean loss per term in the last epoch
 * @param metrics          held-out metrics of the candidate (candidate.*) and the live release (live.*),
 *                         and effective clusters per modality (clusters.*)
 */
public record RoundReport(String roundId, String modelName, String parentVersion, String candidateVersion,
                          RoundOutcome outcome, List<String> reasons, Map<String, Long> samples, long steps,
                          Map<String, Double> loss, Map<String, Double> metrics, String startedAt,
                          double seconds) {

    public boolean promoted() {
        return outcome == RoundOutcome.PROMOTED;
    }
}
