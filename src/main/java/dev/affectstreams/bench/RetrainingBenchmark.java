package dev.affectstreams.bench;

import ai.djl.Device;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.jobs.BootstrapReleaseJob;
import dev.affectstreams.jobs.PretrainJob;
import dev.affectstreams.jobs.SimulatedFeatures;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.data.FeatureDatasetReader;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.data.GroupSplit;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.probe.ProbeTrainer;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.model.train.TrainingListener;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.LoadedRelease;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import dev.affectstreams.retrain.ReplayBuffer;
import dev.affectstreams.retrain.RetrainingRound;
import dev.affectstreams.retrain.RoundReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Does retraining on live traffic improve the model? Simulated calls (small backbones, known
 * labels) arrive call by call; a share of their seconds carries labels, the rest only features.
 * The initial release is untrained heads with a probe fitted on the first call's labels; after
 * each new call the worker's round runs on the replay buffer and its gate decides. Every live
 * release is scored on a separate evaluation call that never enters the buffer. Simulated data:
 * the figures say nothing about real people.
 */
public final class RetrainingBenchmark {

    static final String LINE = "bench-retraining";

    /** One row: the buffer, the round's verdict, and the live release's score on the evaluation call. */
    public record Row(int round, long bufferSamples, long labelledTrain, long labelledHeldOut, String outcome,
                      Double candidateRoundF1, Double liveRoundF1, Double candidateEvaluationF1, String liveVersion,
                      double evaluationF1, double seconds, List<String> reasons, Map<String, Double> metrics) {
    }

    public record Result(List<Row> rows, int participantsPerCall, int secondsPerCall, double labelFraction,
                         int evaluationSamples) {

        public String markdown() {
            StringBuilder md = new StringBuilder();
            md.append(String.format("Simulated calls of %d participants x %d s arrive one per round; %.0f%% of seconds "
                    + "are labelled. Evaluation: weighted F1 of the live release on a separate simulated call "
                    + "(%d samples) that never enters the buffer. Simulated data: says nothing about real people.%n%n",
                    participantsPerCall, secondsPerCall, labelFraction * 100, evaluationSamples));
            md.append("| round | buffer samples | labelled train / held-out | outcome | round held-out F1 candidate / "
                    + "live | candidate evaluation F1 | live release after | live evaluation F1 | s |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                md.append(String.format("| %s | %d | %d / %d | %s | %s | %s | %s | %.3f | %.0f |%n",
                        r.round() == 0 ? "initial" : String.valueOf(r.round()), r.bufferSamples(), r.labelledTrain(),
                        r.labelledHeldOut(), r.outcome(), r.candidateRoundF1() == null ? "-"
                                : String.format("%.3f / %.3f", r.candidateRoundF1(), r.liveRoundF1()),
                        r.candidateEvaluationF1() == null ? "-" : String.format("%.3f", r.candidateEvaluationF1()),
                        r.liveVersion(), r.evaluationF1(), r.seconds()));
            }
            return md.toString();
        }
    }

    private RetrainingBenchmark() {
    }

    /** Features of the evaluation call (written to {@code evaluation}) and of one labelled call per round, and one more. */
    private static List<List<TrainingSample>> simulatedCalls(Path work, Path evaluation, int rounds, int participants,
                                                             int seconds, double labelFraction, Device device,
                                                             Consumer<String> log) throws IOException {
        List<List<TrainingSample>> calls = new ArrayList<>();
        try (FeatureExtractor extractor = new FeatureExtractor(BootstrapReleaseJob.FRAME_2D, BootstrapReleaseJob.CLIP_3D,
                BootstrapReleaseJob.AUDIO, Normalization.PAPER_2D, device, 1)) {
            SimulatedFeatures.write(evaluation, extractor, participants, seconds, 7000);
            for (int r = 0; r <= rounds; r++) {
                Path file = work.resolve("call-" + r + ".avro");
                SimulatedFeatures.write(file, extractor, participants, seconds, 7001 + r);
                calls.add(withLabelShare(read(file), labelFraction));
                log.accept(String.format("  features of simulated call %d/%d extracted", r + 1, rounds + 1));
            }
        }
        return calls;
    }

    public static Result run(Path work, int rounds, int participants, int seconds, double labelFraction,
                             RetrainingRound.Options options, Consumer<String> log) throws IOException {
        Device device = Devices.parse(options.device());
        Path evaluation = work.resolve("evaluation.avro");
        List<List<TrainingSample>> calls = simulatedCalls(work, evaluation, rounds, participants, seconds,
                labelFraction, device, log);
        FeatureMatrix eval = FeatureMatrixLoader.load(evaluation, LabelSet.MOSEI_6).matrix();
        ArtifactStore store = new ArtifactStore(work.resolve("store"));
        List<Row> rows = new ArrayList<>();
        try (ReplayBuffer buffer = ReplayBuffer.open(work.resolve("buffer"), 1_000_000)) {
            long t0 = System.nanoTime();
            for (TrainingSample s : calls.get(0)) {
                buffer.add(s);
            }
            Release live = initialRelease(store, calls.get(0), options, device);
            buffer.roundFinished(buffer.newSinceRound(), System.currentTimeMillis());
            long[] counts = labelledCounts(calls.get(0), options.heldOutFraction());
            rows.add(new Row(0, buffer.size(), counts[0], counts[1], "INITIAL", null, null, null,
                    live.manifest().version(), evaluate(live, eval, device), (System.nanoTime() - t0) / 1e9, List.of(),
                    Map.of()));
            log.accept(String.format("  initial release: evaluation F1 %.3f", rows.get(0).evaluationF1()));
            List<Release> replaced = new ArrayList<>(); // promoted before the live one, newest first
            for (int r = 1; r <= rounds; r++) {
                long start = System.nanoTime();
                for (TrainingSample s : calls.get(r)) {
                    buffer.add(s);
                }
                RetrainingRound.Outcome outcome = RetrainingRound.run("round-" + r, live, replaced, buffer.snapshot(),
                        store, options, TrainingListener.NONE);
                buffer.roundFinished(buffer.newSinceRound(), System.currentTimeMillis());
                RoundReport report = outcome.report();
                Double candidateEval = outcome.candidate() == null ? null : evaluate(outcome.candidate(), eval, device);
                if (report.promoted()) {
                    replaced.add(0, live);
                    live = outcome.candidate();
                }
                rows.add(new Row(r, buffer.size(), report.samples().getOrDefault("labelled.train", 0L),
                        report.samples().getOrDefault("labelled.heldout", 0L), report.outcome().name(),
                        report.metrics().get("candidate.heldout.f1_weighted"),
                        report.metrics().get("live.heldout.f1_weighted"), candidateEval, live.manifest().version(),
                        evaluate(live, eval, device), (System.nanoTime() - start) / 1e9, report.reasons(),
                        report.metrics()));
                log.accept(String.format("  round %d: %s, live %s, evaluation F1 %.3f", r, report.outcome(),
                        live.manifest().version(), rows.get(rows.size() - 1).evaluationF1()));
            }
        }
        return new Result(rows, participants, seconds, labelFraction, eval.size());
    }

    /**
     * Untrained heads with a probe fitted on the labelled samples of the first call's training
     * participants (the held-out ones stay out, as in a round): release 1.
     */
    private static Release initialRelease(ArtifactStore store, List<TrainingSample> samples,
                                          RetrainingRound.Options options, Device device) throws IOException {
        List<TrainingSample> labelled = samples.stream().filter(s -> s.getLabels() != null
                && !GroupSplit.isHeldOut(s.getCallId() + "/" + s.getParticipantId(), options.heldOutFraction(),
                RetrainingRound.HELDOUT_SALT)).toList();
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(labelled, "the first call", LabelSet.MOSEI_6);
        ModelConfig template = new ModelConfig(List.of(Modality.VIDEO, Modality.AUDIO),
                Map.of(Modality.VIDEO, 1, Modality.AUDIO, 1), 64, 32, 8, 32, EnumSet.allOf(SslTask.class),
                ModelConfig.unitWeights(), ModelConfig.ClusteringMode.JOINT, 0, 0, 1);
        ModelConfig config = PretrainJob.fit(template, loaded.matrix());
        FeatureMatrix data = loaded.matrix().select(config.modalities());
        FeatureMatrix[] split = RetrainingRound.probeSplit(data);
        try (ReleaseWriter writer = store.writer(LINE, "1")) {
            try (ConCluGenModel model = ConCluGenModel.create(config, device, options.seed())) {
                model.saveParameters(writer.staging().resolve(Release.HEADS));
                ProbeTrainer.Result fitted = new ProbeTrainer(ProbeOptions.defaults()).fit(model, split[0], split[1],
                        LabelSet.MOSEI_6);
                try (LinearProbe probe = fitted.probe()) {
                    probe.save(writer.staging().resolve(Release.CLASSIFIER));
                    fitted.thresholds().save(writer.staging().resolve(Thresholds.FILE));
                }
            }
            return writer.commit(new ReleaseManifest(ReleaseManifest.FORMAT, LINE, "1", null, Instant.now().toString(),
                    config, LabelSet.MOSEI_6, Backbones.refs(loaded.backbones()), Map.of(),
                    Map.of("heads", "untrained (seeded random)"), List.of()));
        }
    }

    private static double evaluate(Release release, FeatureMatrix eval, Device device) throws IOException {
        try (LoadedRelease loaded = LoadedRelease.load(release, device)) {
            return loaded.metrics(eval.select(release.manifest().config().modalities())).f1();
        }
    }

    private static List<TrainingSample> read(Path file) throws IOException {
        List<TrainingSample> out = new ArrayList<>();
        try (FeatureDatasetReader reader = new FeatureDatasetReader(file)) {
            reader.forEach(s -> out.add(TrainingSample.newBuilder(s).build()));
        }
        return out;
    }

    /** Keeps the labels of a stable share of samples (by id), as annotators would label some seconds. */
    static List<TrainingSample> withLabelShare(List<TrainingSample> samples, double fraction) {
        List<TrainingSample> out = new ArrayList<>();
        for (TrainingSample s : samples) {
            CRC32 crc = new CRC32();
            crc.update(s.getSampleId().getBytes(StandardCharsets.UTF_8));
            boolean keep = crc.getValue() % 10_000 < fraction * 10_000;
            out.add(keep ? s : TrainingSample.newBuilder(s).setLabels(null).setLabelSet(null).build());
        }
        return out;
    }

    private static long[] labelledCounts(List<TrainingSample> samples, double heldOut) {
        long train = 0;
        long held = 0;
        for (TrainingSample s : samples) {
            if (s.getLabels() != null) {
                if (GroupSplit.isHeldOut(s.getCallId() + "/" + s.getParticipantId(), heldOut, RetrainingRound.HELDOUT_SALT)) {
                    held++;
                } else {
                    train++;
                }
            }
        }
        return new long[] {train, held};
    }
}
