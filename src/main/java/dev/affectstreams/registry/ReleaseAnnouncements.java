package dev.affectstreams.registry;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseFile;
import dev.affectstreams.avro.ReleaseStatus;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A release's manifest as a {@link ModelRelease} announcement with a status. */
public final class ReleaseAnnouncements {

    private ReleaseAnnouncements() {
    }

    /** The key of a release's announcements on the models topic: {@code modelName/version}. */
    public static String key(String modelName, String version) {
        return modelName + "/" + version;
    }

    /** An announcement of a release in a filesystem store (its directory's file: URI). */
    public static ModelRelease of(Release release, ReleaseStatus status, String reason) {
        return of(release, release.dir().toUri(), status, reason);
    }

    /** An announcement of a release published at {@code location} (see {@link ArtifactStore#uri}). */
    public static ModelRelease of(Release release, URI location, ReleaseStatus status, String reason) {
        ReleaseManifest m = release.manifest();
        List<ReleaseFile> files = m.files().stream()
                .map(f -> new ReleaseFile(f.path(), f.sha256(), f.sizeBytes())).toList();
        List<BackboneId> backbones = m.backbones().entrySet().stream()
                .map(e -> BackboneId.newBuilder().setName(e.getValue().name()).setVersion(e.getValue().version())
                        .setWeightsSha256(e.getValue().weightsSha256()).build()).toList();
        Map<String, Double> metrics = new LinkedHashMap<>(m.metrics());
        return ModelRelease.newBuilder().setModelName(m.modelName()).setVersion(m.version())
                .setParentVersion(m.parentVersion()).setStatus(status).setStatusReason(reason)
                .setArtifactUri(location.toString()).setFiles(files).setBackbones(backbones)
                .setLabelSet(m.labelSet() == null ? null : m.labelSet().id()).setMetrics(metrics)
                .setCreatedAt(Instant.parse(m.createdAt())).build();
    }

    /** The same release with another status and reason. */
    public static ModelRelease withStatus(ModelRelease announced, ReleaseStatus status, String reason) {
        return ModelRelease.newBuilder(announced).setStatus(status).setStatusReason(reason).build();
    }
}
