package dev.affectstreams.retrain;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.util.Pair;
import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.data.GroupSplit;
import dev.affectstreams.model.probe.ClassificationMetrics;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.Predictions;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.probe.ProbeTrainer;
import dev.affectstreams.model.probe.Representations;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.model.train.LearningRateSchedule;
import dev.affectstreams.model.train.SslOptions;
import dev.affectstreams.model.train.SslTrainer;
import dev.affectstreams.model.train.TrainingListener;
import dev.affectstreams.model.train.TrainingReport;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.BackboneCompatibility;
import dev.affectstreams.registry.LoadedRelease;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One retraining round as a job: the live release's heads continue self-supervised training on
 * the buffer's features, a new linear probe is fitted on the labelled samples of the training
 * participants, candidate and live release are evaluated on the held-out participants, and
 * the gate judges. The candidate is written to the store whatever the verdict (a rejected one
 * can still be promoted by hand); the caller announces it.
 * <p>Its length is one round read top to bottom (samples, training, probe, gate, candidate); the samples are split by {@link RoundSamples} and the gate is {@link PromotionGate}.
 */
public final class RetrainingRound {

    /** Salt of the stable participant split into probe training and held-out evaluation. */
    public static final String HELDOUT_SALT = "retrain-heldout";
    private static final String PROBE_SALT = "retrain-probe-validation";

    /** How rounds train, split and judge. */
    public record Options(int epochs, int batchSize, double learningRate, double heldOutFraction, int minLabelled,
                          PromotionGate gate, int gateHistory, String device, long seed) {

        public static Options from(EffectiveConfig config) {
            return new Options(config.get(Settings.RETRAIN_EPOCHS), config.get(Settings.RETRAIN_BATCH),
                    config.get(Settings.RETRAIN_LR),
                    config.get(Settings.RETRAIN_HELDOUT), config.get(Settings.RETRAIN_MIN_LABELLED),
                    new PromotionGate(config.get(Settings.RETRAIN_TOLERANCE),
                            config.get(Settings.RETRAIN_MIN_CLUSTERS)),
                    config.get(Settings.RETRAIN_GATE_HISTORY), config.get(Settings.RETRAIN_DEVICE), 127);
        }
    }

    /** The report, and the candidate when one was made. */
    public record Outcome(RoundReport report, Release candidate) {
    }

    private RetrainingRound() {
    }

    /**
     * @param earlier promoted releases before the live one (newest first, at most
     *                {@link Options#gateHistory()} are used); the candidate must not fall behind
     *                them either. Those of other backbones, modalities or label sets are skipped.
     */
    public static Outcome run(String roundId, Release parent, List<Release> earlier, List<TrainingSample> samples,
                              ArtifactStore store, Options options, TrainingListener listener) throws IOException {
        Instant started = Instant.now();
        ReleaseManifest pm = parent.manifest();
        List<Modality> modalities = pm.config().modalities();
        LabelSet labels = pm.labelSet();
        if (labels == null || !parent.hasClassifier()) {
            return new Outcome(report(roundId, pm, null, RoundOutcome.FAILED, List.of("the live release " + pm.version()
                    + " has no classifier to evaluate against"), Map.of(), null, Map.of(), started), null);
        }
        RoundSamples split = RoundSamples.of(samples, pm, options.heldOutFraction(), HELDOUT_SALT);
        if (split.train().size() < options.minLabelled() || split.heldOut().size() < options.minLabelled()
                || split.usable().size() < options.batchSize()) {
            return new Outcome(report(roundId, pm, null, RoundOutcome.SKIPPED, List.of(String.format(
                    "waiting for data: %d usable samples (a batch is %d), %d labelled for training and %d held out "
                            + "(%d needed on each side)", split.usable().size(), options.batchSize(),
                    split.train().size(), split.heldOut().size(), options.minLabelled())), split.counts(), null,
                    Map.of(), started), null);
        }
        FeatureMatrix all = FeatureMatrixLoader.load(split.usable(), "the replay buffer", null).matrix()
                .select(modalities);
        FeatureMatrix trainM = FeatureMatrixLoader.load(split.train(), "labelled samples", labels).matrix()
                .select(modalities);
        FeatureMatrix heldM = FeatureMatrixLoader.load(split.heldOut(), "held-out samples", labels).matrix()
                .select(modalities);
        Device device = Devices.parse(options.device());
        try (ConCluGenModel model = ConCluGenModel.load(pm.config(), device, parent.file(Release.HEADS))) {
            SslOptions ssl = new SslOptions(options.epochs(), options.batchSize(),
                    LearningRateSchedule.pretraining(options.learningRate()), 1e-3, options.seed(), 0, null);
            TrainingReport training = new SslTrainer(model, ssl, listener).run(all);
            FeatureMatrix[] probeSplit = probeSplit(trainM);
            ProbeTrainer.Result fitted = new ProbeTrainer(ProbeOptions.defaults()).fit(model, probeSplit[0],
                    probeSplit[1], labels);
            try (LinearProbe probe = fitted.probe()) {
                Judged judged = judge(model, probe, parent, earlier, heldM, all, options, device);
                String version = store.nextVersion(pm.modelName());
                Release made;
                try (ReleaseWriter writer = store.writer(pm.modelName(), version)) {
                    made = write(writer, pm, version, roundId, split.counts(), training, options, model, fitted, judged);
                }
                RoundReport report = report(roundId, pm, version, judged.verdict().promote() ? RoundOutcome.PROMOTED
                        : RoundOutcome.REJECTED, judged.verdict().reasons(), split.counts(), training, judged.metrics(),
                        started);
                return new Outcome(report, made);
            }
        }
    }


    /** The gate's verdict on the candidate, with the evidence it judged. */
    private record Judged(PromotionGate.Verdict verdict, ClassificationMetrics.Report candidate,
                          Map<String, Double> clusters, Map<String, Double> metrics) {
    }

    /** The candidate and the live release on the same held-out samples and buffer, judged by the gate. */
    private static Judged judge(ConCluGenModel model, LinearProbe probe, Release parent, List<Release> earlier,
                                FeatureMatrix heldM, FeatureMatrix all, Options options, Device device)
            throws IOException {
        ReleaseManifest pm = parent.manifest();
        Map<String, Double> metrics = new LinkedHashMap<>();
        float[] candidateLogits = Predictions.logits(probe, Representations.fused(model, heldM),
                model.config().fusedDim());
        ClassificationMetrics.Report candidate = Predictions.metrics(pm.labelSet(), candidateLogits, heldM.targets());
        LiveEvidence live = liveEvidence(parent, heldM, all, device);
        put(metrics, "candidate.heldout", candidate);
        put(metrics, "live.heldout", live.metrics());
        Map<String, Double> earlierF1 = earlierF1(earlier, options.gateHistory(), pm, heldM, device);
        earlierF1.forEach((v, f1) -> metrics.put("earlier." + v + ".heldout.f1_weighted", f1));
        Map<String, Double> clusters = ClusterOccupancy.effectiveClusters(model, all);
        clusters.forEach((m, k) -> metrics.put("clusters.effective." + m, k));
        live.clusters().forEach((m, k) -> metrics.put("live.clusters.effective." + m, k));
        List<String> nonFinite = nonFinite(model, probe, candidateLogits);
        PromotionGate.Verdict verdict = options.gate().judge(new PromotionGate.Evidence(candidate.f1(),
                live.metrics().f1(), nonFinite, clusters, live.clusters(), earlierF1));
        return new Judged(verdict, candidate, clusters, metrics);
    }

    /** The candidate release: heads, probe, thresholds and a manifest with what the round did. */
    private static Release write(ReleaseWriter writer, ReleaseManifest pm, String version, String roundId,
                                 Map<String, Long> counts, TrainingReport training, Options options,
                                 ConCluGenModel model, ProbeTrainer.Result fitted, Judged judged) throws IOException {
        model.saveParameters(writer.staging().resolve(Release.HEADS));
        fitted.probe().save(writer.staging().resolve(Release.CLASSIFIER));
        fitted.thresholds().save(writer.staging().resolve(Thresholds.FILE));
        Map<String, Double> releaseMetrics = new LinkedHashMap<>();
        put(releaseMetrics, "heldout", judged.candidate());
        judged.clusters().forEach((m, k) -> releaseMetrics.put("clusters.effective." + m, k));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("round", roundId);
        facts.put("samples", counts);
        facts.put("epochs", training.epochs().size());
        facts.put("steps", training.steps());
        facts.put("batchSize", options.batchSize());
        facts.put("probe.epochs", fitted.report().epochsRun());
        facts.put("finalLoss", training.epochs().isEmpty() ? Map.of() : training.last().meanLoss());
        return writer.commit(new ReleaseManifest(ReleaseManifest.FORMAT, pm.modelName(), version, pm.version(),
                Instant.now().toString(), pm.config(), pm.labelSet(), pm.backbones(), releaseMetrics, facts, List.of()));
    }

    /** The sample with only the release's modalities, or null when one is missing or from other backbones. */
    static TrainingSample narrow(TrainingSample s, List<Modality> modalities, Map<String, BackboneRef> backbones) {
        Map<Modality, FeatureVector> vectors = FeatureMatrixLoader.byModality(s);
        List<FeatureVector> kept = new ArrayList<>();
        for (Modality m : modalities) {
            FeatureVector v = vectors.get(m);
            if (v == null || !BackboneCompatibility.sameNetwork(backbones.get(m.key()), new BackboneRef(
                    v.getBackbone().getName(), v.getBackbone().getVersion(), v.getBackbone().getWeightsSha256()))) {
                return null;
            }
            kept.add(v);
        }
        return TrainingSample.newBuilder(s).setFeatures(kept).build();
    }

    /** Probe training and early-stopping sides, by participant; the training side alone when it has one participant. */
    public static FeatureMatrix[] probeSplit(FeatureMatrix train) {
        try {
            GroupSplit.Split split = GroupSplit.split(train, 0.2, PROBE_SALT);
            return new FeatureMatrix[] {split.train(), split.heldOut()};
        } catch (IllegalArgumentException oneParticipant) {
            return new FeatureMatrix[] {train, train};
        }
    }

    /** The live release on the same held-out samples, and its cluster occupancy on the same buffer. */
    private record LiveEvidence(ClassificationMetrics.Report metrics, Map<String, Double> clusters) {
    }

    private static LiveEvidence liveEvidence(Release parent, FeatureMatrix heldOut, FeatureMatrix all, Device device)
            throws IOException {
        try (LoadedRelease live = LoadedRelease.load(parent, device)) {
            return new LiveEvidence(live.metrics(heldOut), ClusterOccupancy.effectiveClusters(live.model(), all));
        }
    }

    /** Held-out F1 of the earlier releases that score the same inputs and labels as the live one. */
    private static Map<String, Double> earlierF1(List<Release> earlier, int limit, ReleaseManifest live,
                                                 FeatureMatrix heldOut, Device device) throws IOException {
        Map<String, Double> f1 = new LinkedHashMap<>();
        for (Release r : earlier.stream().limit(limit).toList()) {
            ReleaseManifest m = r.manifest();
            if (!r.hasClassifier() || !BackboneCompatibility.interchangeable(m, live)
                    || !live.labelSet().equals(m.labelSet())
                    || !m.config().inputDims().equals(live.config().inputDims())) {
                continue;
            }
            try (LoadedRelease loaded = LoadedRelease.load(r, device)) {
                f1.put(m.version(), loaded.metrics(heldOut).f1());
            }
        }
        return f1;
    }

    static List<String> nonFinite(ConCluGenModel model, LinearProbe probe, float[] outputs) {
        List<String> found = new ArrayList<>();
        List<Pair<String, NDArray>> params = new ArrayList<>(model.trainableParameters());
        params.addAll(probe.parameters());
        for (Pair<String, NDArray> p : params) {
            if (!allFinite(p.getValue().toFloatArray())) {
                found.add("parameter " + p.getKey());
            }
        }
        if (!allFinite(outputs)) {
            found.add("classifier outputs");
        }
        return found;
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static void put(Map<String, Double> metrics, String prefix, ClassificationMetrics.Report r) {
        metrics.put(prefix + ".f1_weighted", r.f1());
        metrics.put(prefix + ".accuracy_weighted", r.accuracy());
        metrics.put(prefix + ".precision_weighted", r.precision());
        metrics.put(prefix + ".recall_weighted", r.recall());
    }

    private static RoundReport report(String roundId, ReleaseManifest parent, String candidate, RoundOutcome outcome,
                                      List<String> reasons, Map<String, Long> counts, TrainingReport training,
                                      Map<String, Double> metrics, Instant started) {
        Map<String, Double> loss = training == null || training.epochs().isEmpty() ? Map.of()
                : training.last().meanLoss();
        return new RoundReport(roundId, parent.modelName(), parent.version(), candidate, outcome, reasons, counts,
                training == null ? 0 : training.steps(), loss, metrics, started.toString(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }
}
