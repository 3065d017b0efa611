package dev.affectstreams.cli;

import dev.affectstreams.bench.SyntheticFeatureWorld;
import dev.affectstreams.model.LabelSet;

/** Label sets the command line knows by id. */
final class CliLabelSets {

    private CliLabelSets() {
    }

    static LabelSet byId(String id) {
        if (id.equals(SyntheticFeatureWorld.LABELS.id())) {
            return SyntheticFeatureWorld.LABELS;
        }
        return LabelSet.byId(id);
    }
}
