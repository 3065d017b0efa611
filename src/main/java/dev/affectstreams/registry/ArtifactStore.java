package dev.affectstreams.registry;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Where releases live: a directory per model line and version,
 * {@code <root>/<modelName>/<version>/}, addressed by {@code file:} URIs; or, with an S3
 * bucket configured ({@code registry.s3.uri}), the same layout in the bucket, addressed by
 * {@code s3:} URIs, with the local directory as a cache of verified downloads. Releases are
 * written once and verified whenever they are opened.
 * <p>Its length is the trust rules of opening an announced release (directory and bucket), kept beside the writes they protect.
 */
public final class ArtifactStore implements AutoCloseable {

    private final Path root;
    private final S3Releases remote;

    /** A filesystem store. */
    public ArtifactStore(Path root) {
        this(root, null);
    }

    /** @param remote the bucket that holds the releases, or null for a filesystem store at {@code root} */
    public ArtifactStore(Path root, S3Releases remote) {
        this.root = root.toAbsolutePath().normalize();
        this.remote = remote;
    }

    /** The store the settings describe: {@code registry.dir}, and the bucket of {@code registry.s3.uri} if set. */
    public static ArtifactStore configured(EffectiveConfig config) {
        String bucket = config.get(Settings.REGISTRY_S3_URI);
        S3Releases remote = bucket.isBlank() ? null : S3Releases.connect(URI.create(bucket),
                config.get(Settings.REGISTRY_S3_ENDPOINT), config.get(Settings.REGISTRY_S3_REGION),
                config.get(Settings.REGISTRY_S3_PATH_STYLE));
        return new ArtifactStore(config.get(Settings.REGISTRY_DIR), remote);
    }

    public Path root() {
        return root;
    }

    /** Where the release of that line and version is (or will be) published. */
    public URI uri(String modelName, String version) {
        return remote != null ? remote.uri(safe(modelName), safe(version)) : dir(modelName, version).toUri();
    }

    /** A writer for a new release of the line; fails when the version exists (releases are immutable). */
    public ReleaseWriter writer(String modelName, String version) throws IOException {
        if (remote == null) {
            return new ReleaseWriter(dir(modelName, version));
        }
        if (remote.exists(safe(modelName), safe(version))) {
            throw new FileAlreadyExistsException(uri(modelName, version).toString(), null,
                    "releases are immutable; choose a new version");
        }
        return new ReleaseWriter(dir(modelName, version), staged -> remote.upload(modelName, version, staged));
    }

    /**
     * Opens and verifies an announced release. It is served only from inside this store: a
     * {@code file:} announcement must name this store's directory of its model line and version
     * (no symbolic link on the way), an {@code s3:} one this store's bucket and prefix. Every file
     * must match the manifest's SHA-256 and the manifest must list exactly the files and hashes
     * the announcement carries, so neither a release planted elsewhere nor one whose manifest was
     * rewritten to match changed weights is ever loaded.
     */
    public Release open(ModelRelease announced) throws IOException {
        String model = announced.getModelName();
        String version = announced.getVersion();
        var refusal = AnnouncementCheck.refusal(ReleaseAnnouncements.key(model, version), announced);
        if (refusal.isPresent()) {
            throw new ReleaseIntegrityException("announcement of " + model + " " + version + ": " + refusal.get());
        }
        URI uri = URI.create(announced.getArtifactUri());
        Release release;
        if ("file".equals(uri.getScheme())) {
            release = Release.open(insideStore(uri, model, version));
        } else {
            if (remote != null) {
                S3Releases.Coordinates at = remote.coordinates(uri);
                if (!at.modelName().equals(model) || !at.version().equals(version)) {
                    throw new ReleaseIntegrityException(uri + " is not where " + model + " " + version
                            + " is kept in the store");
                }
            }
            release = open(uri);
        }
        matches(release, announced);
        return release;
    }

    /** This store's directory of the release, refusing a URI that names any other place. */
    private Path insideStore(URI uri, String model, String version) throws IOException {
        Path expected = dir(model, version);
        Path named;
        try {
            named = Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new ReleaseIntegrityException(uri + " is not a local directory: " + e.getMessage());
        }
        if (!named.equals(expected)) {
            throw new ReleaseIntegrityException(uri + " is outside the store: release " + model + " " + version
                    + " must be at " + expected + " (registry.dir)");
        }
        if (Files.exists(expected) && !expected.toRealPath().equals(root.toRealPath().resolve(safe(model))
                .resolve(safe(version)))) {
            throw new ReleaseIntegrityException(expected + " leads outside the store through a symbolic link");
        }
        return expected;
    }

    /** The verified release must be the one announced: same line, version, files and hashes. */
    private static void matches(Release release, ModelRelease announced) throws ReleaseIntegrityException {
        ReleaseManifest m = release.manifest();
        Map<String, String> inManifest = new TreeMap<>();
        m.files().forEach(f -> inManifest.put(f.path(), f.sha256()));
        Map<String, String> inAnnouncement = new TreeMap<>();
        announced.getFiles().forEach(f -> inAnnouncement.put(f.getPath(), f.getSha256()));
        if (!m.modelName().equals(announced.getModelName()) || !m.version().equals(announced.getVersion())) {
            throw new ReleaseIntegrityException(release.dir() + " holds " + m.modelName() + " " + m.version()
                    + ", not the announced " + announced.getModelName() + " " + announced.getVersion());
        }
        if (!inManifest.equals(inAnnouncement)) {
            throw new ReleaseIntegrityException("release " + m.modelName() + " " + m.version() + " at "
                    + release.dir() + " does not match its announcement: the manifest lists " + inManifest
                    + " but the announcement " + inAnnouncement);
        }
    }

    /**
     * Opens and verifies the release a URI points to: a {@code file:} directory, or a release in
     * this store's bucket, downloaded into the local cache first when it is not there yet. For
     * tools that open a directory they were given; announced releases go through
     * {@link #open(ModelRelease)}.
     */
    public Release open(URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            return Release.open(Path.of(uri));
        }
        if (!"s3".equals(uri.getScheme())) {
            throw new IOException("release URI " + uri + " is neither file: nor s3:");
        }
        if (remote == null) {
            throw new IOException("release URI " + uri + " is in an S3 bucket, but registry.s3.uri is not set");
        }
        S3Releases.Coordinates at = remote.coordinates(uri);
        Path cached = dir(at.modelName(), at.version());
        if (Files.exists(cached.resolve(Release.MANIFEST))) {
            return Release.open(cached);
        }
        Files.createDirectories(cached.getParent());
        Path staging = Files.createTempDirectory(cached.getParent(), "." + at.version() + ".download");
        try {
            remote.download(at.modelName(), at.version(), staging);
            // refuses a changed or incomplete release before it enters the cache
            Release downloaded = Release.open(staging);
            try {
                Files.move(staging, cached, StandardCopyOption.ATOMIC_MOVE);
                return downloaded.movedTo(cached);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                return Release.open(cached); // another thread or process cached it meanwhile: verify theirs
            }
        } catch (ReleaseIntegrityException e) {
            throw new ReleaseIntegrityException(uri + ": " + e.getMessage());
        } finally {
            if (Files.exists(staging)) {
                FileUtils.deleteDirectory(staging.toFile());
            }
        }
    }

    /**
     * Copies a verified release into the store under its manifest's model name and version
     * (into the bucket, if the store has one, and into the local directory, which is then its
     * cache); when the store already holds that version it must be byte-identical (same manifest).
     */
    public Release importRelease(Release release) throws IOException {
        String model = release.manifest().modelName();
        String version = release.manifest().version();
        byte[] manifest = Files.readAllBytes(release.file(Release.MANIFEST));
        if (remote != null) {
            byte[] held = remote.manifest(safe(model), safe(version));
            if (held == null) {
                remote.upload(model, version, release.dir());
            } else if (!Arrays.equals(held, manifest)) {
                throw different(uri(model, version), model, version);
            }
        }
        Path target = dir(model, version);
        if (Files.exists(target)) {
            Release existing = Release.open(target);
            if (!Arrays.equals(Files.readAllBytes(existing.file(Release.MANIFEST)), manifest)) {
                throw different(target.toUri(), model, version);
            }
            return existing;
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + version + ".import");
        for (String name : Release.filesOf(release.dir())) {
            Path to = staging.resolve(name);
            Files.createDirectories(to.getParent());
            Files.copy(release.dir().resolve(name), to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return Release.open(target);
    }

    /** The next free numeric version of a line: one more than the largest numeric version held. */
    public String nextVersion(String modelName) throws IOException {
        List<String> versions = new ArrayList<>();
        Path line = root.resolve(safe(modelName));
        if (Files.isDirectory(line)) {
            try (Stream<Path> dirs = Files.list(line)) {
                dirs.map(p -> p.getFileName().toString()).forEach(versions::add);
            }
        }
        if (remote != null) {
            versions.addAll(remote.versions(modelName));
        }
        long max = versions.stream().filter(n -> n.matches("\\d{1,18}")).mapToLong(Long::parseLong).max().orElse(0);
        return String.valueOf(max + 1);
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
    }

    private static FileAlreadyExistsException different(URI where, String model, String version) {
        return new FileAlreadyExistsException(where.toString(), null,
                "the store already holds a different release " + model + " " + version);
    }

    private Path dir(String modelName, String version) {
        return root.resolve(safe(modelName)).resolve(safe(version));
    }

    private static String safe(String name) {
        if (!AnnouncementCheck.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid model name or version (letters, digits, "
                    + "'.', '_', '-'; at most 128)");
        }
        return name;
    }
}
