package dev.affectstreams.jobs;

import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.data.GroupSplit;
import dev.affectstreams.model.data.RowOrder;
import dev.affectstreams.model.probe.ClassificationMetrics;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.probe.ProbeReport;
import dev.affectstreams.model.probe.ProbeTrainer;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.LoadedRelease;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Release + labelled features in, release with a classifier out: the linear probe on frozen heads. */
public final class ProbeJob {

    private ProbeJob() {
    }

    /**
     * @param validation   labelled features to validate on, or null to hold out participants of the training file
     * @param heldOut      fraction of participants held out when no validation file is given
     * @param labelFraction fraction of the training clips whose labels are used (seeded subsample)
     */
    public record Request(Path release, Path features, Path validation, LabelSet labels, Path out, String version,
                          ProbeOptions options, double heldOut, double labelFraction, String device) {
    }

    public record Result(Release release, ProbeReport report) {
    }

    public static Result run(Request request) throws IOException {
        Release parent = Release.open(request.release());
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(request.features(), request.labels());
        Backbones.requireSame(parent.manifest().backbones(), loaded.backbones(), "probe");
        FeatureMatrix train;
        FeatureMatrix validation;
        if (request.validation() != null) {
            FeatureMatrixLoader.Loaded val = FeatureMatrixLoader.load(request.validation(), request.labels());
            Backbones.requireSame(parent.manifest().backbones(), val.backbones(), "probe validation");
            train = loaded.matrix();
            validation = val.matrix();
        } else {
            GroupSplit.Split split = GroupSplit.split(loaded.matrix(), request.heldOut(), "probe-validation");
            train = split.train();
            validation = split.heldOut();
        }
        train = subsample(train, request.labelFraction(), request.options().seed());
        List<Modality> modalities = parent.manifest().config().modalities();
        try (ReleaseWriter writer = new ReleaseWriter(request.out());
             LoadedRelease heads = LoadedRelease.load(parent, Devices.parse(request.device()))) {
            ProbeTrainer.Result fitted = new ProbeTrainer(request.options()).fit(heads.model(),
                    train.select(modalities), validation.select(modalities), request.labels());
            try (var probe = fitted.probe()) {
                Files.copy(parent.file(Release.HEADS), writer.staging().resolve(Release.HEADS));
                probe.save(writer.staging().resolve(Release.CLASSIFIER));
                fitted.thresholds().save(writer.staging().resolve(Thresholds.FILE));
            }
            ReleaseManifest p = parent.manifest();
            Map<String, Object> facts = new LinkedHashMap<>(p.training());
            facts.put("probe.trainClips", train.size());
            facts.put("probe.validationClips", validation.size());
            facts.put("probe.labelFraction", request.labelFraction());
            facts.put("probe.epochs", fitted.report().epochsRun());
            facts.put("probe.bestEpoch", fitted.report().bestEpoch());
            ReleaseManifest draft = new ReleaseManifest(ReleaseManifest.FORMAT, p.modelName(), request.version(),
                    p.version(), Instant.now().toString(), p.config(), request.labels(), p.backbones(),
                    metrics("validation", fitted.report().validation()), facts, List.of());
            return new Result(writer.commit(draft), fitted.report());
        }
    }

    static Map<String, Double> metrics(String prefix, ClassificationMetrics.Report report) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + ".accuracy_weighted", report.accuracy());
        m.put(prefix + ".precision_weighted", report.precision());
        m.put(prefix + ".recall_weighted", report.recall());
        m.put(prefix + ".f1_weighted", report.f1());
        return m;
    }

    /** A seeded subsample of the rows: the few-label regime. */
    static FeatureMatrix subsample(FeatureMatrix data, double fraction, long seed) {
        if (fraction >= 1.0) {
            return data;
        }
        int keep = Math.max(2, (int) Math.round(data.size() * fraction));
        int[] rows = Arrays.copyOf(RowOrder.shuffled(data.size(), new Random(seed)), keep);
        Arrays.sort(rows);
        return data.subset(rows);
    }
}
