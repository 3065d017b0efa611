package dev.affectstreams.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A verified model release directory. {@link #open} checks every file against the manifest's
 * SHA-256 and refuses missing, changed or unlisted files, so what is loaded is exactly what
 * was released.
 */
public final class Release {

    public static final String MANIFEST = "manifest.json";
    public static final String HEADS = "heads.params";
    public static final String CLASSIFIER = "classifier.params";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final ReleaseManifest manifest;

    private Release(Path dir, ReleaseManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static Release open(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException("no release at " + dir + ": " + MANIFEST + " is missing");
        }
        ReleaseManifest manifest = JSON.readValue(manifestFile.toFile(), ReleaseManifest.class);
        if (manifest.formatVersion() != ReleaseManifest.FORMAT) {
            throw new IOException("release " + dir + " has manifest format " + manifest.formatVersion()
                    + "; this version reads format " + ReleaseManifest.FORMAT);
        }
        verify(dir, manifest);
        return new Release(dir, manifest);
    }

    /** The same verified release after its directory was moved to {@code dir} (hashed already, not again). */
    Release movedTo(Path dir) {
        return new Release(dir, manifest);
    }

    public Path dir() {
        return dir;
    }

    public ReleaseManifest manifest() {
        return manifest;
    }

    public boolean hasClassifier() {
        return manifest.files().stream().anyMatch(f -> f.path().equals(CLASSIFIER));
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private static void verify(Path dir, ReleaseManifest manifest) throws IOException {
        for (ReleaseManifest.FileEntry entry : manifest.files()) {
            Path file = dir.resolve(entry.path()).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new ReleaseIntegrityException("release " + dir + " lists a file outside it: " + entry.path());
            }
            if (Files.isSymbolicLink(file)) {
                throw new ReleaseIntegrityException("release " + dir + ": " + entry.path() + " is a symbolic link");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ReleaseIntegrityException("release " + dir + " is missing " + entry.path());
            }
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new ReleaseIntegrityException("release " + dir + ": " + entry.path() + " leads outside it");
            }
            String actual = sha256(file);
            if (!actual.equals(entry.sha256())) {
                throw new ReleaseIntegrityException("release " + dir + ": " + entry.path() + " has SHA-256 " + actual
                        + " but the manifest says " + entry.sha256() + "; refusing a changed release");
            }
        }
        Set<String> listed = manifest.files().stream().map(ReleaseManifest.FileEntry::path)
                .collect(Collectors.toSet());
        Set<String> unlisted = new TreeSet<>(filesOf(dir));
        unlisted.removeAll(listed);
        unlisted.remove(MANIFEST);
        if (!unlisted.isEmpty()) {
            throw new ReleaseIntegrityException("release " + dir + " holds files its manifest does not list: "
                    + unlisted);
        }
    }

    static List<String> filesOf(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }
}
