package dev.affectstreams.bench;

import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseAnnouncements;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** A release's files written again as the line's next version and promoted: a hot swap with nothing else changed. */
public final class ReleaseCopies {

    private ReleaseCopies() {
    }

    /** Writes a copy of {@code source} as the next version of its line, announces it promoted, returns its version. */
    public static String promoteCopy(ModelRegistry registry, Release source, String reason) throws IOException {
        ReleaseManifest m = source.manifest();
        String version = registry.store().nextVersion(m.modelName());
        Release copy;
        try (ReleaseWriter writer = registry.store().writer(m.modelName(), version);
             Stream<Path> files = Files.walk(source.dir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.dir().relativize(file);
                if (relative.toString().equals(Release.MANIFEST)) {
                    continue;
                }
                Path target = writer.staging().resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
            copy = writer.commit(new ReleaseManifest(m.formatVersion(), m.modelName(), version, m.version(),
                    Instant.now().toString(), m.config(), m.labelSet(), m.backbones(), m.metrics(), m.training(),
                    List.of()));
        }
        registry.announce(ReleaseAnnouncements.of(copy, registry.store().uri(m.modelName(), version),
                ReleaseStatus.PROMOTED, reason));
        return version;
    }
}
