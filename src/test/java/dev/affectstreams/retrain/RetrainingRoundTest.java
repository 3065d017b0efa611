package dev.affectstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.bench.SyntheticDataset;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureVectors;
import dev.affectstreams.model.train.TrainingListener;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseFixtures;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A round on synthetic features: a verified candidate with held-out metrics of both releases, or a clear skip. */
class RetrainingRoundTest {

    @TempDir
    Path dir;

    private static RetrainingRound.Options options(int minLabelled, double tolerance) {
        return new RetrainingRound.Options(1, 32, 1e-4, 0.3, minLabelled, new PromotionGate(tolerance, 1.0), 3, "cpu",
                7);
    }

    @Test
    void shouldMakeAVerifiedCandidateWithHeldOutMetricsOfBothReleases() throws Exception {
        Release parent = ReleaseFixtures.release(dir, "line");
        ArtifactStore store = new ArtifactStore(dir.resolve("store"));
        Release stored = store.importRelease(parent);
        List<TrainingSample> samples = new ArrayList<>(ReleaseFixtures.samples(dir, 300, 12, 1));
        TrainingSample foreign = TrainingSample.newBuilder(samples.get(0)).setSampleId("other-backbone")
                .setFeatures(List.of(FeatureVectors.of(Modality.VIDEO, SyntheticDataset
                        .backbone(Modality.VIDEO, 999), new float[64]))).build();
        samples.add(foreign);

        RetrainingRound.Outcome outcome = RetrainingRound.run("r1", stored, List.of(), samples, store, options(10, 1.0),
                TrainingListener.NONE);

        RoundReport report = outcome.report();
        assertThat(report.outcome()).isEqualTo(RoundOutcome.PROMOTED);
        assertThat(report.parentVersion()).isEqualTo("1");
        assertThat(report.candidateVersion()).isEqualTo("2");
        assertThat(report.samples()).containsEntry("unlabelled", 300L).containsEntry("ignored", 1L);
        assertThat(report.samples().get("labelled.train") + report.samples().get("labelled.heldout")).isEqualTo(300L);
        assertThat(report.samples().get("labelled.heldout")).isPositive();
        assertThat(report.steps()).isPositive();
        assertThat(report.loss()).isNotEmpty();
        assertThat(report.metrics()).containsKeys("candidate.heldout.f1_weighted", "live.heldout.f1_weighted",
                "clusters.effective.video", "live.clusters.effective.audio");
        Release candidate = outcome.candidate();
        assertThat(candidate.dir()).isEqualTo(store.root().resolve("line").resolve("2"));
        assertThat(Release.open(candidate.dir()).manifest().parentVersion()).isEqualTo("1");
        assertThat(candidate.manifest().metrics()).containsKey("heldout.f1_weighted");
        assertThat(candidate.hasClassifier()).isTrue();
    }

    @Test
    void shouldSkipWithTheReasonWhenLabelsAreMissing() throws Exception {
        Release parent = ReleaseFixtures.release(dir, "line");
        List<TrainingSample> unlabelled = ReleaseFixtures.samples(dir, 100, 6, 2).stream()
                .map(s -> TrainingSample.newBuilder(s).setLabels(null).setLabelSet(null).build()).toList();

        RetrainingRound.Outcome outcome = RetrainingRound.run("r1", parent, List.of(), unlabelled,
                new ArtifactStore(dir.resolve("store")), options(10, 0.01), TrainingListener.NONE);

        assertThat(outcome.candidate()).isNull();
        assertThat(outcome.report().outcome()).isEqualTo(RoundOutcome.SKIPPED);
        assertThat(outcome.report().reasons()).singleElement().asString().contains("0 labelled for training");
    }

    @Test
    void shouldRejectACandidateThatFallsShortOfTheLiveRelease() throws Exception {
        Release parent = ReleaseFixtures.release(dir, "line");
        List<TrainingSample> samples = ReleaseFixtures.samples(dir, 200, 10, 3);
        // a gate nothing can pass: the candidate must beat the live release by 2 F1 points
        RetrainingRound.Options strict = new RetrainingRound.Options(1, 32, 1e-4, 0.3, 5,
                new PromotionGate(-2.0, 1.0), 3, "cpu", 7);

        RetrainingRound.Outcome outcome = RetrainingRound.run("r1", parent, List.of(), samples,
                new ArtifactStore(dir.resolve("store")), strict, TrainingListener.NONE);

        assertThat(outcome.report().outcome()).isEqualTo(RoundOutcome.REJECTED);
        assertThat(outcome.report().reasons()).anySatisfy(r -> assertThat(r).contains("below the live release"));
        assertThat(outcome.candidate()).as("kept for a manual override").isNotNull();
    }

    @Test
    void shouldJudgeTheCandidateAgainstEarlierReleasesOfTheSameInputsToo() throws Exception {
        Release parent = ReleaseFixtures.release(dir, "line");
        Release earlier = ReleaseFixtures.release(Files.createDirectories(dir.resolve("earlier")), "line");
        Release otherBackbones = withOtherBackbones(earlier, dir.resolve("foreign"));
        List<TrainingSample> samples = ReleaseFixtures.samples(dir, 200, 10, 4);
        // tolerance -2: no release can be matched, so each comparison made shows up as a reason
        RetrainingRound.Options strict = new RetrainingRound.Options(1, 32, 1e-4, 0.3, 5,
                new PromotionGate(-2.0, 1.0), 1, "cpu", 7);

        RetrainingRound.Outcome outcome = RetrainingRound.run("r1", parent, List.of(otherBackbones, earlier), samples,
                new ArtifactStore(dir.resolve("store")), strict, TrainingListener.NONE);
        RetrainingRound.Outcome limited = RetrainingRound.run("r2", parent, List.of(earlier, otherBackbones), samples,
                new ArtifactStore(dir.resolve("store")), strict, TrainingListener.NONE);

        assertThat(outcome.report().metrics()).as("history 1: only the newest earlier release, of other backbones")
                .doesNotContainKeys("earlier.1.heldout.f1_weighted", "earlier.7.heldout.f1_weighted");
        assertThat(limited.report().metrics()).containsKey("earlier.1.heldout.f1_weighted");
        assertThat(limited.report().reasons()).anySatisfy(r -> assertThat(r).contains("below earlier release 1's"));
        assertThat(outcome.report().reasons()).noneSatisfy(r -> assertThat(r).contains("earlier release"));
    }

    /** The same heads and probe, as if trained on other backbone weights: version 7. */
    private static Release withOtherBackbones(Release r, Path at) throws IOException {
        ReleaseWriter writer = new ReleaseWriter(at);
        Files.copy(r.file(Release.HEADS), writer.staging().resolve(Release.HEADS));
        Files.copy(r.file(Release.CLASSIFIER), writer.staging().resolve(Release.CLASSIFIER));
        ReleaseManifest m = r.manifest();
        Map<String, ReleaseManifest.BackboneRef> other = new HashMap<>();
        m.backbones().forEach((k, b) -> other.put(k, new ReleaseManifest.BackboneRef(b.name(), b.version(),
                "0".repeat(64))));
        return writer.commit(new ReleaseManifest(ReleaseManifest.FORMAT, m.modelName(), "7", m.parentVersion(),
                m.createdAt(), m.config(), m.labelSet(), other, m.metrics(), m.training(), List.of()));
    }
}
