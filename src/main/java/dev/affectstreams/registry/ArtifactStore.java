package dev.affectstreams.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where releases live: a directory per model line and version,
 * {@code <root>/<modelName>/<version>/}, addressed by {@code file:} URIs. Releases are written
 * once and verified whenever they are opened.
 */
public final class ArtifactStore {

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public URI uri(String modelName, String version) {
        return dir(modelName, version).toUri();
    }

    /** A writer for a new release of the line; fails when the version exists (releases are immutable). */
    public ReleaseWriter writer(String modelName, String version) throws IOException {
        return new ReleaseWriter(dir(modelName, version));
    }

    /** Opens and verifies the release a URI points to. */
    public static Release open(URI uri) throws IOException {
        if (!"file".equals(uri.getScheme())) {
            throw new IOException("release URI " + uri + " is not a file: URI; only filesystem stores are supported");
        }
        return Release.open(Path.of(uri));
    }

    /**
     * Copies a verified release into the store under its manifest's model name and version;
     * when the store already holds that version it must be byte-identical (same manifest).
     */
    public Release importRelease(Release release) throws IOException {
        String model = release.manifest().modelName();
        String version = release.manifest().version();
        Path target = dir(model, version);
        if (Files.exists(target)) {
            Release existing = Release.open(target);
            if (!Files.readString(existing.file(Release.MANIFEST)).equals(Files.readString(release.file(Release.MANIFEST)))) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "the store already holds a different release " + model + " " + version);
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
        Path line = root.resolve(safe(modelName));
        if (!Files.isDirectory(line)) {
            return "1";
        }
        try (Stream<Path> dirs = Files.list(line)) {
            List<Long> numbers = dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,18}"))
                    .map(Long::parseLong).toList();
            return String.valueOf(numbers.stream().mapToLong(Long::longValue).max().orElse(0) + 1);
        }
    }

    private Path dir(String modelName, String version) {
        return root.resolve(safe(modelName)).resolve(safe(version));
    }

    private static String safe(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid model name or version (letters, digits, "
                    + "'.', '_', '-'; at most 128)");
        }
        return name;
    }
}
