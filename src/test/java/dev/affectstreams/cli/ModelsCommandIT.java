package dev.affectstreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseAnnouncements;
import dev.affectstreams.registry.ReleaseFixtures;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models list|show|promote|rollback} against a broker holding two releases of a line. */
class ModelsCommandIT {

    @TempDir
    Path dir;

    @Test
    void shouldListShowPromoteAndRollBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            Topics topics = Topics.from(EffectiveConfig.defaults());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 1, (short) 1);
            }
            Release one = ReleaseFixtures.release(dir, "cli-line");
            ArtifactStore store = new ArtifactStore(dir.resolve("registry"));
            try (ModelRegistry registry = new ModelRegistry(store, topics.models(), client)) {
                registry.ensureLive(one);
                Release two = store.importRelease(copyAs(one, "2"));
                registry.announce(ReleaseAnnouncements.of(two, ReleaseStatus.REJECTED, "gate: held-out F1 too low"));
            }
            String[] cluster = {"--bootstrap-servers", broker.bootstrapServers(), "--set",
                    "registry.dir=" + dir.resolve("registry")};

            CliRun list = run(cluster, "models", "list");
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).containsPattern("\\*\\s+1\\s+PROMOTED").containsPattern("\\s2\\s+REJECTED\\s+1\\s")
                    .contains("gate: held-out F1 too low");

            CliRun show = run(cluster, "models", "show", "2");
            assertThat(show.out()).contains("\"status\" : \"REJECTED\"", "\"live\" : false", "heads.params", "sha256");

            CliRun promote = run(cluster, "models", "promote", "2", "--reason", "checked by hand");
            assertThat(promote.exitCode()).as(promote.err()).isZero();
            assertThat(run(cluster, "models", "list").out()).containsPattern("\\*\\s+2\\s+PROMOTED\\s.*checked by hand");

            CliRun rollback = run(cluster, "models", "rollback");
            assertThat(rollback.out()).contains("1 is live");
            assertThat(run(cluster, "models", "list").out()).containsPattern("\\*\\s+1\\s+PROMOTED")
                    .containsPattern("\\s2\\s+ROLLED_BACK");

            CliRun nothingLeft = run(cluster, "models", "rollback");
            assertThat(nothingLeft.exitCode()).isNotZero();
            assertThat(nothingLeft.err()).contains("no earlier promoted release");

            Files.write(dir.resolve("registry/cli-line/2").resolve(Release.HEADS), new byte[] {1},
                    StandardOpenOption.APPEND);
            CliRun changed = run(cluster, "models", "list");
            assertThat(changed.out()).containsPattern("\\*\\s+1\\s+PROMOTED\\s.*\\syes\\s")
                    .containsPattern("\\s2\\s+ROLLED_BACK\\s.*\\sNO\\s")
                    .contains("release 2 cannot be served", "SHA-256");

            CliRun unknown = run(cluster, "models", "show", "7");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.err()).contains("no release 7");
        }
    }

    /** The same files under another version (a second release of the line). */
    private Release copyAs(Release release, String version) throws Exception {
        var m = release.manifest();
        var writer = new ReleaseWriter(dir.resolve("copy-" + version));
        Files.copy(release.file(Release.HEADS), writer.staging().resolve(Release.HEADS));
        Files.copy(release.file(Release.CLASSIFIER), writer.staging().resolve(Release.CLASSIFIER));
        return writer.commit(new ReleaseManifest(m.formatVersion(), m.modelName(), version,
                m.version(), Instant.now().toString(), m.config(), m.labelSet(), m.backbones(), Map.of(
                "heldout.f1_weighted", 0.25), m.training(), List.of()));
    }

    private static CliRun run(String[] cluster, String... args) {
        String[] all = Arrays.copyOf(args, args.length + cluster.length);
        System.arraycopy(cluster, 0, all, args.length, cluster.length);
        return CliRun.of(all);
    }
}
