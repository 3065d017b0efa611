package dev.affectstreams.registry;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseFile;
import dev.affectstreams.kafka.AvroSerde;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records of the compacted models topic as they are read, which may be anything. An
 * announcement is usable when it decodes, its key is {@code modelName/version}, both are
 * valid names, its artifact URI parses as a {@code file:} or {@code s3:} URI, and it lists the
 * files of the release with well-formed SHA-256 hashes. Every reader of the topic (the live
 * path's follower, the worker, {@code models list}) skips what fails, so one bad record cannot
 * stop any of them; whether the release really is in the store and matches is checked when it
 * is opened ({@link ArtifactStore#open(ModelRelease)}).
 */
public final class AnnouncementCheck {

    private static final AvroSerde<ModelRelease> SERDE = AvroSerde.of(ModelRelease.class);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private AnnouncementCheck() {
    }

    /** A record read from the topic: the announcement, a tombstone, or a refusal with its reason. */
    public record Read(ModelRelease release, String refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** Decodes and checks one record of the models topic. */
    public static Read read(String key, byte[] value) {
        if (key == null) {
            return new Read(null, "an announcement without a key; announcements are keyed modelName/version");
        }
        if (value == null) {
            return new Read(null, null);
        }
        ModelRelease release;
        try {
            release = SERDE.deserialize(null, value);
        } catch (RuntimeException e) {
            return new Read(null, e.getMessage());
        }
        return refusal(key, release).map(r -> new Read(null, r)).orElseGet(() -> new Read(release, null));
    }

    /** Why the record cannot be used (a tombstone can), or empty when it can. */
    public static Optional<String> refusal(String key, byte[] value) {
        return Optional.ofNullable(read(key, value).refusal());
    }

    /** Why the announcement cannot be used, or empty when it can. */
    public static Optional<String> refusal(String key, ModelRelease r) {
        if (!NAME.matcher(r.getModelName()).matches() || !NAME.matcher(r.getVersion()).matches()) {
            return Optional.of("model name '" + r.getModelName() + "' or version '" + r.getVersion()
                    + "' is not a valid name (letters, digits, '.', '_', '-'; at most 128)");
        }
        String expected = ReleaseAnnouncements.key(r.getModelName(), r.getVersion());
        if (!expected.equals(key)) {
            return Optional.of("key " + key + " does not match the announced release " + expected);
        }
        try {
            URI uri = new URI(r.getArtifactUri());
            if (!"file".equals(uri.getScheme()) && !"s3".equals(uri.getScheme())) {
                return Optional.of("artifact URI " + r.getArtifactUri() + " is neither file: nor s3:");
            }
        } catch (URISyntaxException e) {
            return Optional.of("artifact URI is not a URI: " + e.getMessage());
        }
        if (r.getFiles().isEmpty()) {
            return Optional.of("the announcement lists no files");
        }
        Set<String> paths = new HashSet<>();
        for (ReleaseFile f : r.getFiles()) {
            if (!FILE.matcher(f.getPath()).matches() || f.getPath().contains("..") || !paths.add(f.getPath())) {
                return Optional.of("file '" + f.getPath() + "' is not a plain relative path, or is listed twice");
            }
            if (!SHA256.matcher(f.getSha256()).matches()) {
                return Optional.of("file " + f.getPath() + " has no well-formed SHA-256 (" + f.getSha256() + ")");
            }
        }
        return Optional.empty();
    }
}
