package dev.affectstreams.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.Modality;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.model.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureDatasetTest {

    private static final BackboneId VIDEO = new BackboneId("face-expression-net", "1", "aa");
    private static final BackboneId AUDIO = new BackboneId("resdavenet", "1", "random:1");

    @TempDir
    Path dir;

    @Test
    void shouldWriteAndStreamSamplesBack() throws IOException {
        Path file = dir.resolve("f.avro");
        write(file, sample("a", VIDEO, 2, Map.of("happy", 1.5f)), sample("b", VIDEO, 2, Map.of("sad", 0f)));

        try (FeatureDatasetReader reader = new FeatureDatasetReader(file)) {
            assertThat(reader).extracting(TrainingSample::getSampleId).containsExactly("a", "b");
        }
    }

    @Test
    void shouldLoadAMatrixWithPresenceTargetsAndBackbones() throws IOException {
        Path file = dir.resolve("f.avro");
        write(file, sample("a", VIDEO, 2, Map.of("happy", 1.5f)), sample("b", VIDEO, 2, Map.of("sad", 0f)));

        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(file, LabelSet.MOSEI_6);

        FeatureMatrix m = loaded.matrix();
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.dims()).containsEntry(dev.affectstreams.model.Modality.VIDEO, 2)
                .containsEntry(dev.affectstreams.model.Modality.AUDIO, 3);
        assertThat(m.targetRow(0)).containsExactly(1f, 0f, 0f, 0f, 0f, 0f);
        assertThat(m.targetRow(1)).containsExactly(0f, 0f, 0f, 0f, 0f, 0f);
        assertThat(loaded.backbones().get(dev.affectstreams.model.Modality.VIDEO)).isEqualTo(VIDEO);
        assertThat(m.features().get(dev.affectstreams.model.Modality.AUDIO)).hasSize(6);
    }

    @Test
    void shouldRefuseToMixBackbones() throws IOException {
        Path file = dir.resolve("f.avro");
        write(file, sample("a", VIDEO, 2, Map.of()), sample("b", new BackboneId("resnet152", "1", "bb"), 2, Map.of()));

        assertThatThrownBy(() -> FeatureMatrixLoader.load(file, null))
                .hasMessageContaining("never mixed").hasMessageContaining("resnet152");
    }

    @Test
    void shouldRefuseADimensionChange() throws IOException {
        Path file = dir.resolve("f.avro");
        write(file, sample("a", VIDEO, 2, Map.of()), sample("b", VIDEO, 3, Map.of()));

        assertThatThrownBy(() -> FeatureMatrixLoader.load(file, null)).hasMessageContaining("dimension 3");
    }

    @Test
    void shouldRefuseAFileThatIsNotADataset() throws IOException {
        Path file = dir.resolve("junk.avro");
        Files.writeString(file, "not avro");

        assertThatThrownBy(() -> new FeatureDatasetReader(file)).hasMessageContaining("is not a feature dataset");
    }

    @Test
    void shouldSplitParticipantsStablyAndDisjointly() throws IOException {
        Path file = dir.resolve("f.avro");
        TrainingSample[] samples = new TrainingSample[60];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = TrainingSample.newBuilder(sample("s" + i, VIDEO, 2, Map.of()))
                    .setParticipantId("p" + (i % 20)).build();
        }
        write(file, samples);
        FeatureMatrix m = FeatureMatrixLoader.load(file, null).matrix();

        GroupSplit.Split split = GroupSplit.split(m, 0.3, "salt");

        assertThat(split.train().size() + split.heldOut().size()).isEqualTo(60);
        assertThat(List.of(split.train().groups())).doesNotContainAnyElementsOf(List.of(split.heldOut().groups()));
        assertThat(GroupSplit.split(m, 0.3, "salt").heldOut().groups()).containsExactly(split.heldOut().groups());
    }

    private static TrainingSample sample(String id, BackboneId video, int videoDim, Map<String, Float> labels) {
        List<Float> v = new ArrayList<>();
        for (int i = 0; i < videoDim; i++) {
            v.add((float) i);
        }
        return TrainingSample.newBuilder().setSampleId(id).setCallId("c").setParticipantId(id).setSeq(0)
                .setCaptureStart(Instant.EPOCH)
                .setFeatures(List.of(new FeatureVector(Modality.VIDEO, video, v),
                        new FeatureVector(Modality.AUDIO, AUDIO, List.of(1f, 2f, 3f))))
                .setLabelSet(labels.isEmpty() ? null : "mosei-6@1").setLabels(labels.isEmpty() ? null : labels)
                .build();
    }

    private static void write(Path file, TrainingSample... samples) throws IOException {
        try (FeatureDatasetWriter writer = new FeatureDatasetWriter(file)) {
            for (TrainingSample s : samples) {
                writer.append(s);
            }
        }
    }
}
