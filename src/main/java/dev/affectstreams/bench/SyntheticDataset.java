package dev.affectstreams.bench;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureDatasetWriter;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureVectors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes clips of a {@link SyntheticFeatureWorld} as a labelled feature dataset file. */
public final class SyntheticDataset {

    private SyntheticDataset() {
    }

    /** The world's "backbone": its generator, identified by seed, so files of different worlds never mix. */
    public static BackboneId backbone(Modality m, long seed) {
        return new BackboneId("synthetic-world-" + m.key(), "1", "seed:" + seed);
    }

    public static long write(Path file, long worldSeed, int clips, int participants) throws IOException {
        return write(file, new SyntheticFeatureWorld(worldSeed), worldSeed, clips, participants);
    }

    /** The next clips of a world already drawn from (its generator has moved on: new clips, same backbones). */
    public static long write(Path file, SyntheticFeatureWorld world, long worldSeed, int clips, int participants)
            throws IOException {
        FeatureMatrix data = world.sample(clips, participants);
        int c = SyntheticFeatureWorld.LABELS.size();
        try (FeatureDatasetWriter writer = new FeatureDatasetWriter(file)) {
            for (int i = 0; i < data.size(); i++) {
                List<FeatureVector> vectors = new ArrayList<>();
                for (Modality m : data.modalities()) {
                    int dim = data.dims().get(m);
                    float[] row = Arrays.copyOfRange(data.features().get(m), i * dim, (i + 1) * dim);
                    vectors.add(FeatureVectors.of(m, backbone(m, worldSeed), row));
                }
                Map<String, Float> labels = new HashMap<>();
                for (int j = 0; j < c; j++) {
                    if (data.targets()[i * c + j] > 0) {
                        labels.put(SyntheticFeatureWorld.LABELS.labels().get(j), 1f);
                    }
                }
                String[] group = data.groups()[i].split("/");
                writer.append(TrainingSample.newBuilder().setSampleId(data.groups()[i] + "/" + i)
                        .setCallId(group[0]).setParticipantId(group[1]).setSeq(i).setCaptureStart(Instant.EPOCH)
                        .setFeatures(vectors).setLabelSet(SyntheticFeatureWorld.LABELS.id()).setLabels(labels).build());
            }
            return writer.count();
        }
    }
}
