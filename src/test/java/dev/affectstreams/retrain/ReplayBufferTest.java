package dev.affectstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.bench.SyntheticDataset;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureVectors;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayBufferTest {

    @TempDir
    Path dir;

    static TrainingSample sample(String participant, long seq, boolean labelled) {
        TrainingSample.Builder b = TrainingSample.newBuilder().setSampleId("call/" + participant + "/" + seq)
                .setCallId("call").setParticipantId(participant).setSeq(seq).setCaptureStart(Instant.EPOCH)
                .setFeatures(List.of(FeatureVectors.of(Modality.AUDIO, SyntheticDataset.backbone(Modality.AUDIO, 1),
                        new float[] {seq, 1f})));
        if (labelled) {
            b.setLabelSet("mosei-6@1").setLabels(Map.of("happy", 1f));
        }
        return b.build();
    }

    @Test
    void shouldDropRepeatsAndUpgradeAnUnlabelledSampleWhenItsLabelsArrive() throws Exception {
        try (ReplayBuffer buffer = ReplayBuffer.open(dir, 10)) {
            assertThat(buffer.add(sample("p1", 1, false))).isEqualTo(ReplayBuffer.Added.NEW);
            assertThat(buffer.add(sample("p1", 1, false))).isEqualTo(ReplayBuffer.Added.DUPLICATE);
            assertThat(buffer.add(sample("p1", 1, true))).isEqualTo(ReplayBuffer.Added.LABELLED);
            assertThat(buffer.add(sample("p1", 1, true))).isEqualTo(ReplayBuffer.Added.DUPLICATE);
            assertThat(buffer.add(sample("p1", 1, false))).as("an unlabelled copy never replaces labels")
                    .isEqualTo(ReplayBuffer.Added.DUPLICATE);
            assertThat(buffer.size()).isEqualTo(1);
            assertThat(buffer.labelled()).isEqualTo(1);
            assertThat(buffer.snapshot()).singleElement().satisfies(s -> assertThat(s.getLabels()).containsKey("happy"));
        }
    }

    @Test
    void shouldEvictTheOldestUnlabelledSamplesFirst() throws Exception {
        try (ReplayBuffer buffer = ReplayBuffer.open(dir, 3)) {
            buffer.add(sample("p1", 1, true));
            buffer.add(sample("p1", 2, false));
            buffer.add(sample("p1", 3, false));
            buffer.add(sample("p1", 4, false));
            assertThat(buffer.snapshot()).extracting(TrainingSample::getSeq).containsExactly(1L, 3L, 4L);
            buffer.add(sample("p2", 5, true));
            buffer.add(sample("p2", 6, true));
            assertThat(buffer.snapshot()).extracting(TrainingSample::getSeq).containsExactly(1L, 5L, 6L);
            buffer.add(sample("p2", 7, true));
            assertThat(buffer.snapshot()).as("only labelled left: the oldest labelled goes")
                    .extracting(TrainingSample::getSeq).containsExactly(5L, 6L, 7L);
            assertThat(buffer.size()).isEqualTo(3);
            assertThat(buffer.labelled()).isEqualTo(3);
        }
    }

    @Test
    void shouldKeepSamplesAndTheRoundCounterAcrossReopening() throws Exception {
        try (ReplayBuffer buffer = ReplayBuffer.open(dir, 100)) {
            for (int i = 0; i < 5; i++) {
                buffer.add(sample("p1", i, i % 2 == 0));
            }
            buffer.roundFinished(3, 1234L);
            buffer.add(sample("p1", 9, false));
        }
        try (ReplayBuffer reopened = ReplayBuffer.open(dir, 100)) {
            assertThat(reopened.size()).isEqualTo(6);
            assertThat(reopened.labelled()).isEqualTo(3);
            assertThat(reopened.newSinceRound()).isEqualTo(3);
            assertThat(reopened.lastRoundMs()).isEqualTo(1234L);
            assertThat(reopened.add(sample("p1", 4, false))).isEqualTo(ReplayBuffer.Added.DUPLICATE);
            assertThat(reopened.snapshot()).extracting(TrainingSample::getSeq).containsExactly(0L, 1L, 2L, 3L, 4L, 9L);
        }
    }
}
