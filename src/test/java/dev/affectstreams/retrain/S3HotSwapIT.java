package dev.affectstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affectstreams.app.LivePath;
import dev.affectstreams.app.ServedLine;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.inference.ServedReleases;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases that travel through an S3-compatible bucket only: the live path and the retraining
 * worker cache releases in directories of their own, so the worker's candidate reaches the live
 * path, and the first release reaches the worker, through the bucket and its announcement.
 */
class S3HotSwapIT {

    @TempDir
    Path dir;

    @Test
    void shouldServeAReleaseTheWorkerPublishedToTheBucket() throws Exception {
        try (LocalS3 s3 = LocalS3.start("affect-models");
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            EffectiveConfig base = ConfigLoader.load(null, Map.of(), Map.ofEntries(
                    Map.entry("bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("streams.state.dir", dir.resolve("state").toString()),
                    Map.entry("model.dir", Path.of("target", "it-models").toAbsolutePath().toString()),
                    Map.entry("application.id", "s3-swap-it"), Map.entry("device", "cpu"),
                    Map.entry("topics.partitions", "2"), Map.entry("tap.fraction", "1.0"),
                    Map.entry("retrain.min.labelled", "3"), Map.entry("retrain.heldout.fraction", "0.5"),
                    Map.entry("retrain.epochs", "1"), Map.entry("retrain.batch.size", "8"),
                    Map.entry("retrain.gate.tolerance", "1.0"), Map.entry("retrain.gate.min.clusters", "1.0")));
            Path liveCache = dir.resolve("live-cache");
            Path workerCache = dir.resolve("worker-cache");
            EffectiveConfig live = s3.store(base, "it", liveCache);
            EffectiveConfig worker = s3.store(base, "it", workerCache);
            Topics topics = Topics.from(base);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            String call = HotSwapIT.splitCall();
            Consents.allow(client, topics, List.of(call + "/p1", call + "/p2", call + "/p3", call + "/p4"));
            Release initial = ServedLine.initial(live, client, ServedLine.configured(live, line -> { }), line -> { });
            String line = initial.manifest().modelName();

            try (LivePath app = new LivePath(live, client, initial, InferenceSettings.from(live));
                 ModelRegistry registry = ModelRegistry.configured(worker, client);
                 ReplayBuffer buffer = ReplayBuffer.open(dir.resolve("buffer"), 10_000)) {
                assertThat(registry.read().live(line).orElseThrow().release().getArtifactUri())
                        .isEqualTo("s3://affect-models/it/" + line + "/1/");
                RetrainWorker retrain = HotSwapIT.roundsByHand(line, buffer, registry, topics, client, worker);
                app.start();
                Thread loop = HotSwapIT.consumeInBackground(retrain);
                try {
                    HotSwapIT.publish(client, topics, new SimulatedCall(call, 4, 12, 160, 120, 10), 10, true);
                    await().atMost(Duration.ofSeconds(120)).until(() -> buffer.labelled() >= 20);

                    RoundReport round = retrain.runRound("s3-round", buffer.newSinceRound());

                    assertThat(round.outcome()).as(round.toString()).isEqualTo(RoundOutcome.PROMOTED);
                    assertThat(workerCache.resolve(line).resolve("1")).as("the worker fetched the live release")
                            .isDirectory();
                    assertThat(s3.client().headObject(b -> b.bucket("affect-models")
                            .key("it/" + line + "/2/" + Release.MANIFEST)).contentLength()).isPositive();
                    assertThat(registry.read().live(line).orElseThrow().release().getArtifactUri())
                            .isEqualTo("s3://affect-models/it/" + line + "/2/");
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            app.releases().current().manifest().version().equals("2"));
                    assertThat(app.releases().current().dir()).isEqualTo(liveCache.resolve(line).resolve("2")
                            .toAbsolutePath());

                    // a second live-path instance (another replica, or this one restarted) serves 2 and
                    // fetches 1, which running calls may be pinned to, before any stream asks for it
                    Path replicaCache = dir.resolve("replica-cache");
                    EffectiveConfig replica = s3.store(base, "it", replicaCache);
                    try (ArtifactStore store = ArtifactStore.configured(replica)) {
                        Release live2 = ServedLine.initial(replica, client, initial, l -> { });
                        assertThat(live2.manifest().version()).isEqualTo("2");
                        assertThat(replicaCache.resolve(line).resolve("1")).doesNotExist();
                        try (ServedReleases served = new ServedReleases(live2, store, topics.models(), client,
                                release -> { }, new LiveCounters()).start()) {
                            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(
                                    replicaCache.resolve(line).resolve("1").resolve(Release.MANIFEST)));
                            assertThat(served.current().manifest().version()).isEqualTo("2");
                        }
                    }
                } finally {
                    retrain.close();
                    loop.join(10_000);
                }
            }
        }
    }
}
