package dev.affectstreams.inference;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.backbone.TextBackbone;
import dev.affectstreams.registry.BackboneCompatibility;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one stream thread runs: the frozen backbones (fixed for the life of the process) and the
 * heads of every release it currently serves, loaded on first use and closed once unused for
 * {@link #IDLE_MS} and no longer current. A release is paired only with the backbones it was
 * trained on.
 */
public final class LiveModel implements AutoCloseable {

    /** How long a release's heads stay loaded after their last use when they are not current. */
    static final long IDLE_MS = 60_000;

    private final FeatureExtractor extractor;
    private final FaceReader reader;
    private final FaceDetector faces = FaceDetector.openDefault();
    private final Device device;
    private final Map<String, LiveHeads> heads = new HashMap<>();
    private final Map<String, Long> lastUsed = new HashMap<>();

    private LiveModel(FeatureExtractor extractor, FaceReader reader, Device device) {
        this.extractor = extractor;
        this.reader = reader;
        this.device = device;
    }

    /**
     * The backbones a release's manifest names (names as in {@code features extract}; TorchScript
     * modules by file name under {@code ~/.affect-streams/backbones/torchscript/}); text through
     * {@value TextBackbone#HASHED_NGRAMS} when the release has no text; and the face reader
     * when the face expression network is installed ({@code backbones fetch face-expression-net}).
     */
    public static LiveModel open(Release r, Device device) {
        FaceReader reader;
        try {
            reader = FaceReader.installed(device).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the face expression network: " + e.getMessage(), e);
        }
        return open(r, device, reader);
    }

    /** The same with a given face reader (null: none), which the model owns from then on. */
    public static LiveModel open(Release r, Device device, FaceReader reader) {
        try {
            FeatureExtractor extractor = Backbones.extractorFor(r, device);
            try {
                requireBackbones(r, extractor);
                return new LiveModel(extractor, reader, device);
            } catch (RuntimeException e) {
                extractor.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            throw e;
        }
    }

    private static void requireBackbones(Release r, FeatureExtractor extractor) {
        BackboneCompatibility.mismatch(r.manifest(), Backbones.refs(extractor.backbones())).ifPresent(reason -> {
            throw new IllegalArgumentException("release " + r.dir() + " was " + reason
                    + " (the live path's); a release is never paired with other backbones");
        });
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** This thread's reader of faces, when the face expression network is installed. */
    public Optional<FaceReader> faceReader() {
        return Optional.ofNullable(reader);
    }

    /** This thread's face detector. */
    public FaceDetector faces() {
        return faces;
    }

    /** The heads of a verified release, loaded on first use by this thread. */
    public LiveHeads heads(Release release, long nowMs) {
        String version = release.manifest().version();
        LiveHeads h = heads.get(version);
        if (h == null) {
            requireBackbones(release, extractor);
            try {
                h = LiveHeads.load(release, device);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load release " + version + ": " + e.getMessage(), e);
            }
            heads.put(version, h);
        }
        lastUsed.put(version, nowMs);
        return h;
    }

    /** Closes the heads of releases other than {@code current} unused for {@link #IDLE_MS}. */
    public void closeIdle(String current, long nowMs) {
        Iterator<Map.Entry<String, LiveHeads>> it = heads.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, LiveHeads> e = it.next();
            if (!e.getKey().equals(current) && nowMs - lastUsed.getOrDefault(e.getKey(), 0L) >= IDLE_MS) {
                e.getValue().close();
                lastUsed.remove(e.getKey());
                it.remove();
            }
        }
    }

    /** Versions whose heads this thread holds. */
    public Set<String> loadedVersions() {
        return Set.copyOf(heads.keySet());
    }

    @Override
    public void close() {
        heads.values().forEach(LiveHeads::close);
        heads.clear();
        extractor.close();
        faces.close();
        if (reader != null) {
            reader.close();
        }
    }
}
