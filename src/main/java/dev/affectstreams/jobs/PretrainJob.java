package dev.affectstreams.jobs;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.train.SslOptions;
import dev.affectstreams.model.train.SslTrainer;
import dev.affectstreams.model.train.TrainingListener;
import dev.affectstreams.model.train.TrainingReport;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Features in, release out: self-supervised training of the heads, from scratch or from a parent release. */
public final class PretrainJob {

    private PretrainJob() {
    }

    /**
     * @param template  dimensions, tasks and clustering settings; modalities are narrowed and
     *                  input dimensions taken from the features
     * @param parent    a release to continue from (same architecture and backbones), or null
     */
    public record Request(Path features, Path out, ModelConfig template, SslOptions options, String device,
                          String modelName, String version, Path parent) {
    }

    public record Result(Release release, TrainingReport report) {
    }

    public static Result run(Request request, TrainingListener listener) throws IOException {
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(request.features(), null);
        Release parent = request.parent() == null ? null : Release.open(request.parent());
        ModelConfig config = parent != null ? parent.manifest().config() : fit(request.template(), loaded.matrix());
        FeatureMatrix data = loaded.matrix().select(config.modalities());
        if (parent != null) {
            Backbones.requireSame(parent.manifest().backbones(), loaded.backbones(), "pretrain");
        }
        Device device = Devices.parse(request.device());
        try (ReleaseWriter writer = new ReleaseWriter(request.out());
             ConCluGenModel model = parent == null
                ? ConCluGenModel.create(config, device, request.options().seed())
                : ConCluGenModel.load(config, device, parent.file(Release.HEADS))) {
            TrainingReport report = new SslTrainer(model, request.options(), listener).run(data);
            if (report.steps() == 0) {
                // the writer removes what was staged: no release of an untrained model is left behind
                throw new IllegalArgumentException("pretraining took no step: " + data.size() + " clip(s) in "
                        + request.features() + " is less than one batch of " + request.options().batchSize()
                        + "; give more clips or a smaller --batch-size");
            }
            model.saveParameters(writer.staging().resolve(Release.HEADS));
            Map<Modality, BackboneId> used = new EnumMap<>(Modality.class);
            config.modalities().forEach(m -> used.put(m, loaded.backbones().get(m)));
            ReleaseManifest draft = new ReleaseManifest(ReleaseManifest.FORMAT, request.modelName(), request.version(),
                    parent == null ? null : parent.manifest().version(), Instant.now().toString(), config, null,
                    Backbones.refs(used), Map.of(), trainingFacts(report, request, data.size()), List.of());
            return new Result(writer.commit(draft), report);
        }
    }

    /**
     * A release of freshly initialised heads (seeded, not trained) for the features' backbones:
     * the starting point when there is too little data for self-supervision to help.
     */
    public static Release initial(Path features, Path out, ModelConfig template, String device, long seed,
                                  String modelName, String version, String why) throws IOException {
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(features, null);
        ModelConfig config = fit(template, loaded.matrix());
        try (ReleaseWriter writer = new ReleaseWriter(out)) {
            try (ConCluGenModel model = ConCluGenModel.create(config, Devices.parse(device), seed)) {
                model.saveParameters(writer.staging().resolve(Release.HEADS));
            }
            return writer.commit(initialManifest(features, loaded, config, seed, modelName, version, why));
        }
    }

    private static ReleaseManifest initialManifest(Path features, FeatureMatrixLoader.Loaded loaded,
                                                   ModelConfig config, long seed, String modelName, String version,
                                                   String why) {
        Map<Modality, BackboneId> used = new EnumMap<>(Modality.class);
        config.modalities().forEach(m -> used.put(m, loaded.backbones().get(m)));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("features", features.getFileName().toString());
        facts.put("clips", loaded.matrix().size());
        facts.put("steps", 0);
        facts.put("seed", seed);
        facts.put("selfSupervision", why);
        return new ReleaseManifest(ReleaseManifest.FORMAT, modelName, version, null,
                Instant.now().toString(), config, null, Backbones.refs(used), Map.of(), facts, List.of());
    }

    /** The template with the modalities the features have and their dimensions. */
    public static ModelConfig fit(ModelConfig template, FeatureMatrix features) {
        List<Modality> modalities = template.modalities().stream().filter(features.modalities()::contains).toList();
        if (modalities.size() < 2) {
            throw new IllegalArgumentException("the features hold " + features.modalities() + "; pretraining needs two"
                    + " of the requested modalities " + template.modalities());
        }
        Map<Modality, Integer> dims = new EnumMap<>(Modality.class);
        modalities.forEach(m -> dims.put(m, features.dims().get(m)));
        return new ModelConfig(modalities, dims, template.representationDim(), template.projectionDim(),
                template.clusters(), template.reconstructionDim(), template.tasks(), template.weights(),
                template.clusteringMode(), template.kmeansStartEpoch(), template.queueBatches(),
                template.queueReduction());
    }

    private static Map<String, Object> trainingFacts(TrainingReport report, Request request, int clips) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("tasks", SslTask.nameOf(request.template().tasks()));
        facts.put("features", request.features().getFileName().toString());
        facts.put("clips", clips);
        facts.put("epochs", report.epochs().size());
        facts.put("firstEpoch", report.firstEpoch());
        facts.put("steps", report.steps());
        facts.put("batchSize", request.options().batchSize());
        facts.put("seed", request.options().seed());
        facts.put("finalLoss", report.epochs().isEmpty() ? Map.of() : report.last().meanLoss());
        facts.put("seconds", report.duration().toMillis() / 1000.0);
        return facts;
    }
}
