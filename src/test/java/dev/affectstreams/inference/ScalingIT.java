package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.app.ServedLine;
import dev.affectstreams.bench.ProcessFleet;
import dev.affectstreams.bench.ScalingScenario;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.testing.PackagedCli;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate {@code process} instances from the packaged jar join and leave a real-time call of
 * eight participants: 1 -> 2 -> 3 -> 2 -> 1 with clean stops (SIGTERM), then 2 -> 3 and a SIGKILL
 * of one of the three, while a copy of the live release is promoted at the start. A read_committed
 * consumer finds every (participant, slot) event exactly once, every participant stays on the
 * release it started with, and after every move each participant's state is answered (by
 * redirect where another instance holds it) and every instance answers for the whole call.
 */
class ScalingIT {

    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingDoubleNothingAndRelabelNobodyWhileInstancesComeAndGo() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, String> settings = Map.ofEntries(Map.entry("bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("model.dir", Path.of("target", "it-models").toAbsolutePath().toString()),
                    Map.entry("registry.dir", dir.resolve("registry").toString()),
                    Map.entry("application.id", "scaling-it"), Map.entry("device", "cpu"),
                    Map.entry("topics.partitions", "6"), Map.entry("kafka.consumer.session.timeout.ms", "10000"));
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), settings);
            Topics topics = Topics.from(config);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 6, (short) 1);
            }
            Release configured = ServedLine.configured(config, line -> { });
            Release initial = ServedLine.initial(config, client, configured, line -> { });
            Map<String, String> instanceSettings = new HashMap<>(settings);
            instanceSettings.put("model.release", configured.dir().toString());
            ScalingScenario.Options options = new ScalingScenario.Options("scale", 8, 16, 18, 16,
                    ScalingScenario.OUT_IN_AND_KILL);
            ScalingScenario.Result r;
            // the instances' logs stay in target/ for a failure to be read
            Path fleetDir = Path.of("target", "scaling-it");
            FileUtils.deleteQuietly(fleetDir.toFile());
            try (ProcessFleet fleet = new ProcessFleet(PackagedCli.JAR, fleetDir, instanceSettings);
                 ModelRegistry registry = ModelRegistry.configured(config, client)) {
                r = new ScalingScenario(fleet, client, topics, registry, System.out::println)
                        .run(options, initial.manifest().modelName());
            }
            System.out.println(ScalingScenario.markdown("scaling IT", r));

            assertThat(r.lost()).as("(participant, slot) events never seen").isZero();
            assertThat(r.duplicates()).as("events seen twice").isZero();
            assertThat(r.distinct()).isEqualTo(8 * options.callSeconds());
            assertThat(r.promotedVersion()).isNotEqualTo(r.pinnedVersion());
            assertThat(r.participantsWhoseReleaseChanged()).as("participants moved to another release").isZero();
            assertThat(r.events()).allSatisfy(e -> assertThat(e.version()).isEqualTo(r.pinnedVersion()));
            assertThat(r.moves()).extracting(ScalingScenario.MoveFigures::instancesAfter)
                    .containsExactly(2, 3, 2, 1, 2, 3, 2);
            assertThat(r.moves()).allSatisfy(m -> {
                assertThat(m.everyStateAnswered()).as("every /state answered by its holder after " + m.move()).isTrue();
                assertThat(m.callsComplete()).as("/calls the same from every instance after " + m.move()).isTrue();
            });
            // a participant has a state once a second of it was scored (a face found); most have by the end
            assertThat(r.moves().get(r.moves().size() - 1).participantsWithState()).isGreaterThan(4);
            // SIGTERM runs the shutdown hooks: a clean stop exits 0 or 143
            assertThat(r.sigtermExitCodes()).hasSize(4).allSatisfy(code -> assertThat(code).isIn(0, 143));
        }
    }
}
