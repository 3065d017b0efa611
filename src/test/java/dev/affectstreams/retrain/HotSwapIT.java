package dev.affectstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.affectstreams.app.LivePath;
import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.LabelSource;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.data.GroupSplit;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseAnnouncements;
import dev.affectstreams.registry.ReleaseManifest;
import dev.affectstreams.registry.ReleaseWriter;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.ReadCommitted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the embedded broker: the live path serves release 1; the retraining worker
 * buffers the tapped features and the labels paired with them; its round promotes release 2,
 * which the live path swaps in: the running call stays on 1 and a new call gets 2, with exactly
 * one event per participant and slot throughout. Then a tampered release 3 is promoted: the
 * live path and the worker refuse it; rolling back twice returns the live path to release 1,
 * and the stream pinned to the rolled-back release 2 moves to 1.
 */
class HotSwapIT {

    @TempDir
    Path dir;

    @Test
    void shouldPromoteSwapPinRefuseTamperingAndRollBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), Map.ofEntries(
                    Map.entry("bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("streams.state.dir", dir.resolve("state").toString()),
                    Map.entry("model.dir", Path.of("target", "it-models").toAbsolutePath().toString()),
                    Map.entry("registry.dir", dir.resolve("registry").toString()),
                    Map.entry("application.id", "swap-it"), Map.entry("device", "cpu"),
                    Map.entry("topics.partitions", "2"), Map.entry("tap.fraction", "1.0"),
                    Map.entry("retrain.min.labelled", "3"), Map.entry("retrain.heldout.fraction", "0.5"),
                    Map.entry("retrain.epochs", "2"), Map.entry("retrain.batch.size", "8"),
                    // the gate's judgement is tested on its own; here every candidate passes
                    Map.entry("retrain.gate.tolerance", "1.0"), Map.entry("retrain.gate.min.clusters", "1.0")));
            Topics topics = Topics.from(config);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            String callA = splitCall();
            Consents.allow(client, topics, List.of(callA + "/p1", callA + "/p2", callA + "/p3", callA + "/p4",
                    "swap-b/p1", "swap-b/p2"));
            Release initial = ServedLine.initial(config, client, ServedLine.configured(config, line -> { }),
                    line -> { });
            String line = initial.manifest().modelName();
            SimulatedCall a = new SimulatedCall(callA, 4, 12, 160, 120, 10); // Haar finds all four faces of seed 12
            SimulatedCall b = new SimulatedCall("swap-b", 2, 13, 160, 120, 10);
            List<ExpressionEvent> events = new ArrayList<>();
            try (LivePath app = new LivePath(config, client, initial, InferenceSettings.from(config));
                 ModelRegistry registry = ModelRegistry.configured(config, client);
                 ReplayBuffer buffer = ReplayBuffer.open(dir.resolve("buffer"), 10_000);
                 KafkaConsumer<String, ExpressionEvent> consumer = ReadCommitted.events(client, topics)) {
                RetrainWorker worker = roundsByHand(line, buffer, registry, topics, client, config);
                app.start();
                Thread loop = consumeInBackground(worker);
                try {
                    assertThat(app.releases().current().manifest().version()).isEqualTo("1");
                    publish(client, topics, a, 10, true);
                    collect(consumer, events, 40);
                    await().atMost(Duration.ofSeconds(60)).until(() -> buffer.labelled() >= 20);
                    assertThat(app.counters().labelsPaired.get()).isEqualTo(40);

                    RoundReport round = worker.runRound("it-round", buffer.newSinceRound());
                    assertThat(round.outcome()).as(round.toString()).isEqualTo(RoundOutcome.PROMOTED);
                    assertThat(round.samples().get("labelled.train")).isPositive();
                    assertThat(round.samples().get("labelled.heldout")).isPositive();
                    assertThat(registry.read().live(line).orElseThrow().version()).isEqualTo("2");
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            app.releases().current().manifest().version().equals("2"));

                    publish(client, topics, a, 5, false);
                    publish(client, topics, b, 5, false);
                    collect(consumer, events, 40 + 20 + 10);
                    assertExactlyOnce(events);
                    assertThat(versions(events, callA)).as("the running call stays pinned").containsOnly("1");
                    assertThat(versions(events, "swap-b")).as("a new call takes the new release").containsOnly("2");

                    Path tampered = tamperedRelease(registry, line);
                    await().atMost(Duration.ofSeconds(60)).until(() -> app.counters().releaseFailures.get() == 1);
                    assertThat(app.releases().current().manifest().version()).isEqualTo("2");
                    RoundReport refused = worker.runRound("it-tampered", 0);
                    assertThat(refused.outcome()).isEqualTo(RoundOutcome.FAILED);
                    assertThat(refused.reasons()).singleElement().asString().contains("SHA-256", tampered.toString());

                    unreadableAnnouncements(registry, client, topics, line);
                    await().atMost(Duration.ofSeconds(60)).until(() -> app.counters().badAnnouncements.get() == 3);
                    Path outside = releaseOutsideTheStore(registry, line);
                    await().atMost(Duration.ofSeconds(60)).until(() -> app.counters().releaseFailures.get() == 2);
                    assertThat(app.releases().current().manifest().version()).isEqualTo("2");
                    assertThat(worker.runRound("it-outside", 0).reasons()).singleElement().asString()
                            .contains("outside the store", outside.getFileName().toString());
                    releaseWithItsManifestRewritten(registry, line);
                    await().atMost(Duration.ofSeconds(60)).until(() -> app.counters().releaseFailures.get() == 3);
                    assertThat(app.releases().current().manifest().version()).isEqualTo("2");
                    assertThat(worker.runRound("it-rewritten", 0).reasons()).singleElement().asString()
                            .contains("does not match its announcement");

                    assertThat(registry.rollback(line, "rewritten manifest").getVersion()).isEqualTo("4");
                    assertThat(registry.rollback(line, "outside the store").getVersion()).isEqualTo("3");
                    assertThat(registry.rollback(line, "tampered").getVersion()).isEqualTo("2");
                    assertThat(registry.rollback(line, "worse than 1 in production").getVersion()).isEqualTo("1");
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            app.releases().current().manifest().version().equals("1"));
                    assertThat(registry.read().release(line, "2").orElseThrow().status())
                            .isEqualTo(ReleaseStatus.ROLLED_BACK);
                    publish(client, topics, b, 3, false);
                    collect(consumer, events, 40 + 20 + 10 + 6);
                    assertExactlyOnce(events);
                    assertThat(events).filteredOn(e -> e.getCallId().equals("swap-b") && e.getSeq() >= 5)
                            .as("streams pinned to a rolled-back release move off it")
                            .extracting(ExpressionEvent::getModelVersion).containsOnly("1");
                } finally {
                    worker.close();
                    loop.join(10_000);
                }
            }
        }
    }

    /** A worker whose rounds the test starts itself: the schedule never starts one. */
    static RetrainWorker roundsByHand(String line, ReplayBuffer buffer, ModelRegistry registry, Topics topics,
                                      Map<String, Object> client, EffectiveConfig config) {
        return new RetrainWorker(line, buffer, registry, topics, client, config.get(Settings.APPLICATION_ID) + "-retrain",
                RetrainingRound.Options.from(config), new RetrainWorker.Schedule(Long.MAX_VALUE, Duration.ofDays(1)),
                Clock.systemUTC(), r -> { });
    }

    /** Runs the worker's consuming loop (samples into its buffer) on a thread of its own. */
    static Thread consumeInBackground(RetrainWorker worker) {
        Thread loop = new Thread(() -> {
            try {
                worker.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "worker-loop");
        loop.start();
        return loop;
    }

    /** A call id whose four participants fall on both sides of the held-out split. */
    static String splitCall() {
        for (int k = 0; ; k++) {
            String call = "swap-a" + k;
            long held = IntStream.rangeClosed(1, 4)
                    .filter(i -> GroupSplit.isHeldOut(call + "/p" + i, 0.5, RetrainingRound.HELDOUT_SALT)).count();
            if (held == 2) {
                return call;
            }
        }
    }

    /** Release 3: a copy of 2 announced as promoted, whose heads are then changed on disk. */
    private static Path tamperedRelease(ModelRegistry registry, String line) throws Exception {
        Release two = Release.open(registry.store().root().resolve(line).resolve("2"));
        ReleaseManifest m = two.manifest();
        ReleaseWriter writer = registry.store().writer(line, "3");
        Files.copy(two.file(Release.HEADS), writer.staging().resolve(Release.HEADS));
        Files.copy(two.file(Release.CLASSIFIER), writer.staging().resolve(Release.CLASSIFIER));
        Release three = writer.commit(new ReleaseManifest(m.formatVersion(), m.modelName(), "3", "2",
                Instant.now().toString(), m.config(), m.labelSet(), m.backbones(), m.metrics(), m.training(), List.of()));
        var announcement = ReleaseAnnouncements.of(three, ReleaseStatus.PROMOTED, "promoted by hand");
        Path heads = three.file(Release.HEADS);
        Files.write(heads, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        registry.announce(announcement);
        return three.dir();
    }

    /**
     * Records no reader of the models topic can use: a valid header over a random body, random
     * bytes under a key that is not UTF-8, and an announcement whose artifact URI holds a space.
     */
    private static void unreadableAnnouncements(ModelRegistry registry, Map<String, Object> client, Topics topics,
                                                String line)
            throws Exception {
        Map<String, Object> props = new HashMap<>(client);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.models().name(), (line + "/7").getBytes(),
                    new byte[] {(byte) 0xC3, 1, 5, 5, 5})).get();
            // the broker refuses keyless records on a compacted topic; a key that is not UTF-8 it takes
            producer.send(new ProducerRecord<>(topics.models().name(), new byte[] {(byte) 0xFF, (byte) 0xFE},
                    new byte[] {9, 9, 9})).get();
            var spaced = ModelRelease.newBuilder(
                    registry.read().live(line).orElseThrow().release()).setVersion("8")
                    .setArtifactUri("file:///var/lib/a b/8/").build();
            producer.send(new ProducerRecord<>(topics.models().name(), (line + "/8").getBytes(),
                    topics.models().valueSerde().serializer().serialize(null, spaced))).get();
        }
    }

    /**
     * Release 4: release 2's files with changed heads, in a directory beside the store (reached
     * from it with {@code ..}), its manifest listing the changed hashes, announced as promoted.
     */
    private static Path releaseOutsideTheStore(ModelRegistry registry, String line) throws Exception {
        Release two = Release.open(registry.store().root().resolve(line).resolve("2"));
        Path evil = registry.store().root().resolve("..").resolve("evil").resolve("4");
        ReleaseWriter writer = new ReleaseWriter(evil);
        Files.copy(two.file(Release.HEADS), writer.staging().resolve(Release.HEADS));
        Files.write(writer.staging().resolve(Release.HEADS), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        Files.copy(two.file(Release.CLASSIFIER), writer.staging().resolve(Release.CLASSIFIER));
        ReleaseManifest m = two.manifest();
        Release four = writer.commit(new ReleaseManifest(m.formatVersion(), m.modelName(), "4", "2",
                Instant.now().toString(), m.config(), m.labelSet(), m.backbones(), m.metrics(), m.training(), List.of()));
        registry.announce(ReleaseAnnouncements.of(four, evil.toUri(), ReleaseStatus.PROMOTED, "planted"));
        return evil;
    }

    /**
     * Release 5, in the store and announced with its true hashes; then its heads are changed and
     * its manifest rewritten to list the changed hash, so the directory is consistent in itself.
     */
    private static void releaseWithItsManifestRewritten(ModelRegistry registry, String line) throws Exception {
        Release two = Release.open(registry.store().root().resolve(line).resolve("2"));
        ReleaseManifest m = two.manifest();
        ReleaseWriter writer = registry.store().writer(line, "5");
        Files.copy(two.file(Release.HEADS), writer.staging().resolve(Release.HEADS));
        Files.copy(two.file(Release.CLASSIFIER), writer.staging().resolve(Release.CLASSIFIER));
        Release five = writer.commit(new ReleaseManifest(m.formatVersion(), m.modelName(), "5", "2",
                Instant.now().toString(), m.config(), m.labelSet(), m.backbones(), m.metrics(), m.training(), List.of()));
        var announcement = ReleaseAnnouncements.of(five, ReleaseStatus.PROMOTED, "promoted by hand");
        Path heads = five.file(Release.HEADS);
        Files.write(heads, new byte[] {4, 5, 6}, StandardOpenOption.APPEND);
        var json = new ObjectMapper();
        var manifest = (ObjectNode) json.readTree(five.file(Release.MANIFEST).toFile());
        for (var file : manifest.withArray("files")) {
            if (file.get("path").asText().equals(Release.HEADS)) {
                ((ObjectNode) file).put("sha256",
                        DigestUtils.sha256Hex(Files.readAllBytes(heads)))
                        .put("sizeBytes", Files.size(heads));
            }
        }
        json.writeValue(five.file(Release.MANIFEST).toFile(), manifest);
        Release.open(five.dir()); // consistent in itself: only the announcement's hashes tell
        registry.announce(announcement);
    }

    static void publish(Map<String, Object> client, Topics topics, SimulatedCall call, int seconds,
                        boolean labels) {
        try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                Clock.systemUTC());
             KafkaProducer<String, LabelFeedback> feedback = new KafkaProducer<>(client,
                     topics.labelsFeedback().keySerde().serializer(), topics.labelsFeedback().valueSerde().serializer())) {
            for (int s = 0; s < seconds; s++) {
                for (ParticipantSecond p : call.next()) {
                    publisher.publish(new CapturedSecond(call.callId(), p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), 10));
                    if (labels) {
                        feedback.send(new ProducerRecord<>(topics.labelsFeedback().name(),
                                call.callId() + "/" + p.participantId(), LabelFeedback.newBuilder()
                                .setCallId(call.callId()).setParticipantId(p.participantId()).setSeq(p.seq())
                                .setLabelSet(LabelSet.MOSEI_6.id()).setLabels(p.labels().asLabels())
                                .setSource(LabelSource.ANNOTATOR).setCreatedAt(Instant.now()).build()));
                    }
                }
            }
        }
    }

    /** Polls until {@code expected} events in all, then a little longer so that duplicates would show. */
    private static void collect(KafkaConsumer<String, ExpressionEvent> consumer, List<ExpressionEvent> events,
                                int expected) {
        ReadCommitted.collect(consumer, events, expected, Duration.ofSeconds(150));
        ReadCommitted.expectNoMore(consumer, events, expected, Duration.ofSeconds(3));
        assertThat(events).hasSize(expected);
    }

    private static void assertExactlyOnce(List<ExpressionEvent> events) {
        Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(
                e -> e.getCallId() + "/" + e.getParticipantId() + "#" + e.getSeq(), Collectors.counting()));
        assertThat(counts.values()).as("one event per participant and slot").containsOnly(1L);
    }

    private static List<String> versions(List<ExpressionEvent> events, String call) {
        return events.stream().filter(e -> e.getCallId().equals(call)).map(ExpressionEvent::getModelVersion).toList();
    }
}
