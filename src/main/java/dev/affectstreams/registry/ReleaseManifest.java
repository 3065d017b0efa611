package dev.affectstreams.registry;

import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.ModelConfig;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a release directory: what the release is, what it was made from,
 * how well it did, and the SHA-256 of every other file in the directory.
 *
 * @param formatVersion manifest format, 1
 * @param modelName     the model line, e.g. conclugen
 * @param version       this release's immutable version
 * @param parentVersion the release it was trained from, or null
 * @param createdAt     ISO-8601 instant
 * @param config        architecture and self-supervised objective
 * @param labelSet      the classifier's label set, or null when the release has no classifier
 * @param backbones     backbone per modality key (video, audio, text) the heads were trained on
 * @param metrics       evaluation metrics by name
 * @param training      free-form facts about the run that made it (epochs, steps, data)
 * @param files         every file of the release except the manifest
 */
public record ReleaseManifest(int formatVersion, String modelName, String version, String parentVersion,
                              String createdAt, ModelConfig config, LabelSet labelSet,
                              Map<String, BackboneRef> backbones, Map<String, Double> metrics,
                              Map<String, Object> training, List<FileEntry> files) {

    public static final int FORMAT = 1;

    /** A backbone's identity. */
    public record BackboneRef(String name, String version, String weightsSha256) {
    }

    /** A file of the release with its hash. */
    public record FileEntry(String path, String sha256, long sizeBytes) {
    }
}
