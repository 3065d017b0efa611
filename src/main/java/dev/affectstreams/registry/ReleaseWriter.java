package dev.affectstreams.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;

/**
 * Writes a release: the caller puts its files into a staging directory, then {@link #commit}
 * hashes them, writes the manifest, hands the complete directory to the publisher (an upload
 * to the store's bucket, if it has one) and moves it into place in one rename. An existing
 * release directory is never overwritten: releases are immutable.
 */
public final class ReleaseWriter implements AutoCloseable {

    /** Publishes a complete release directory before it is moved into place. */
    @FunctionalInterface
    public interface Publisher {
        void publish(Path release) throws IOException;
    }

    private final Path target;
    private final Path staging;
    private boolean committed;
    private final Publisher publisher;

    public ReleaseWriter(Path target) throws IOException {
        this(target, release -> { });
    }

    public ReleaseWriter(Path target, Publisher publisher) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "releases are immutable; choose a new directory");
        }
        this.target = target;
        this.publisher = publisher;
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        this.staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".staging");
    }

    /** Where to write the release's files before {@link #commit}. */
    public Path staging() {
        return staging;
    }

    /**
     * Hashes every staged file into the manifest (its {@code files} are replaced), publishes the
     * directory and moves it into place; on failure nothing is left in the staging area.
     */
    public Release commit(ReleaseManifest draft) throws IOException {
        List<ReleaseManifest.FileEntry> files = new ArrayList<>();
        for (String name : Release.filesOf(staging)) {
            Path file = staging.resolve(name);
            files.add(new ReleaseManifest.FileEntry(name, Release.sha256(file), Files.size(file)));
        }
        ReleaseManifest manifest = new ReleaseManifest(ReleaseManifest.FORMAT, draft.modelName(), draft.version(),
                draft.parentVersion(), draft.createdAt(), draft.config(), draft.labelSet(), draft.backbones(),
                draft.metrics(), draft.training(), files);
        Release.JSON.writeValue(staging.resolve(Release.MANIFEST).toFile(), manifest);
        try {
            publisher.publish(staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            FileUtils.deleteDirectory(staging.toFile()); // a release that will not be published
            throw e;
        }
        committed = true;
        return Release.open(target);
    }

    /** Removes the staging directory unless the release was committed (a writer abandoned on a failure path). */
    @Override
    public void close() throws IOException {
        if (!committed && Files.exists(staging)) {
            FileUtils.deleteDirectory(staging.toFile());
        }
    }
}
