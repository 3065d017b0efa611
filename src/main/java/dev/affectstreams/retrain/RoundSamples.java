package dev.affectstreams.retrain;

import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.model.data.GroupSplit;
import dev.affectstreams.registry.ReleaseManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples a round can use (the release's modalities and backbones), and its labelled sides. */
record RoundSamples(List<TrainingSample> usable, List<TrainingSample> train, List<TrainingSample> heldOut,
                    Map<String, Long> counts) {

    static RoundSamples of(List<TrainingSample> samples, ReleaseManifest pm, double heldOutFraction, String salt) {
        List<TrainingSample> usable = new ArrayList<>();
        List<TrainingSample> train = new ArrayList<>();
        List<TrainingSample> heldOut = new ArrayList<>();
        for (TrainingSample s : samples) {
            TrainingSample narrowed = RetrainingRound.narrow(s, pm.config().modalities(), pm.backbones());
            if (narrowed == null) {
                continue;
            }
            usable.add(narrowed);
            if (s.getLabels() != null && pm.labelSet().id().equals(s.getLabelSet())) {
                boolean held = GroupSplit.isHeldOut(s.getCallId() + "/" + s.getParticipantId(), heldOutFraction,
                        salt);
                (held ? heldOut : train).add(narrowed);
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("unlabelled", (long) usable.size());
        counts.put("labelled.train", (long) train.size());
        counts.put("labelled.heldout", (long) heldOut.size());
        counts.put("ignored", (long) (samples.size() - usable.size()));
        return new RoundSamples(usable, train, heldOut, counts);
    }
}
