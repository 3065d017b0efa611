package dev.affectstreams.inference;

import ai.djl.Device;
import dev.affectstreams.jobs.BootstrapReleaseJob;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** Releases of untrained heads and probe over an extractor's backbones: enough to carry chunks through the live path. */
final class UntrainedReleases {

    private UntrainedReleases() {
    }

    /** Over the bootstrap release's backbones, as the live path opens them. */
    static Release overBootstrapBackbones(Path dir, String modelLine, List<Modality> modalities) throws Exception {
        try (FeatureExtractor extractor = new FeatureExtractor(BootstrapReleaseJob.FRAME_2D, BootstrapReleaseJob.CLIP_3D,
                BootstrapReleaseJob.AUDIO, Normalization.PAPER_2D, Device.cpu(), 1)) {
            return write(dir, modelLine, extractor, modalities);
        }
    }

    static Release write(Path dir, String modelLine, FeatureExtractor extractor, List<Modality> modalities)
            throws Exception {
        ModelConfig config = new ModelConfig(modalities, extractor.dims(), 32, 16, 4, 16, EnumSet.allOf(SslTask.class),
                ModelConfig.unitWeights(), ModelConfig.ClusteringMode.JOINT, 0, 0, 1);
        ReleaseWriter writer = new ReleaseWriter(dir);
        try (ConCluGenModel model = ConCluGenModel.create(config, Device.cpu(), 3);
             LinearProbe probe = LinearProbe.create(LabelSet.MOSEI_6, config.fusedDim(), Device.cpu(), 3)) {
            model.saveParameters(writer.staging().resolve(Release.HEADS));
            probe.save(writer.staging().resolve(Release.CLASSIFIER));
        }
        return writer.commit(new ReleaseManifest(ReleaseManifest.FORMAT, modelLine, "1", null,
                "2026-03-01T09:00:00Z", config, LabelSet.MOSEI_6, Backbones.refs(extractor.backbones()), Map.of(),
                Map.of(), List.of()));
    }
}
