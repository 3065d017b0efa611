package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.LabelSource;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseAnnouncements;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.PackagedCli;
import dev.affectstreams.testing.ReadCommitted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every poison record that was found to stop, brick or mislead a running processor, produced to
 * a real broker before and while the packaged processor runs a real-time call; the processor is
 * stopped and started again halfway. It never stops, every good slot yields one event (read
 * committed), and every poison record is dead-lettered exactly once, across the restart, the
 * consent and models records included.
 */
class PoisonReplayIT {

    private static final Path JAR = Path.of("target", "affect-streams.jar");
    private static final String CALL = "replay";

    @TempDir
    Path dir;

    @Test
    void shouldDeadLetterEveryPoisonRecordOnceAndScoreEveryGoodSlotAcrossARestart() throws Exception {
        assertThat(JAR).as("run `mvn verify`: the packaged jar is needed").exists();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, String> settings = Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "streams.state.dir", dir.resolve("state").toString(),
                    "model.dir", Path.of("target", "it-models").toAbsolutePath().toString(),
                    "registry.dir", dir.resolve("registry").toString(),
                    "application.id", "replay-it", "device", "cpu", "topics.partitions", "2");
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), settings);
            Topics topics = Topics.from(config);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            Release release = ServedLine.configured(config, line -> { });
            allow(client, topics);
            List<ProducerRecord<byte[], byte[]>> poison = poison(topics, release);
            produce(client, poison.subList(0, poison.size() / 2));

            SimulatedCall call = new SimulatedCall(CALL, 2, 3, 160, 120, 10);
            List<ExpressionEvent> seen = new ArrayList<>();
            try (KafkaConsumer<String, ExpressionEvent> events = ReadCommitted.consumer(client, topics.expressions().name(),
                    new StringDeserializer(), topics.expressions().valueSerde().deserializer())) {
                Process first = start(settings, release.dir());
                try {
                    publish(client, topics, call, 4);
                    produce(client, poison.subList(poison.size() / 2, poison.size()));
                    awaitEvents(events, seen, 8, first);
                } finally {
                    first.destroy();
                    first.waitFor();
                }
                Process second = start(settings, release.dir());
                try {
                    publish(client, topics, call, 4);
                    awaitEvents(events, seen, 16, second);
                    assertThat(second.isAlive()).isTrue();
                } finally {
                    second.destroy();
                    second.waitFor();
                }
            }
            assertThat(seen).extracting(e -> e.getParticipantId() + "#" + e.getSeq()).doesNotHaveDuplicates()
                    .hasSize(16);

            List<ErrorRecord> dead = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> dlq = ReadCommitted.consumer(client, topics.dlq().name(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < until) {
                    dlq.poll(Duration.ofMillis(200)).forEach(r -> dead.add(
                            topics.dlq().valueSerde().deserializer().deserialize(null, r.value())));
                }
            }
            assertThat(dead.stream().map(ErrorRecord::getSourceTopic).sorted().toList())
                    .as("one dead letter per poison record, from its topic: %s", dead)
                    .isEqualTo(poison.stream().map(ProducerRecord::topic).sorted().toList());
        }
    }

    /** The cases found against a running processor, one record each. */
    private static List<ProducerRecord<byte[], byte[]>> poison(Topics topics, Release release) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        byte[] p1 = bytes(CALL + "/p1");
        byte[] consent = topics.consent().valueSerde().serializer().serialize(null, consent("stranger"));
        out.add(new ProducerRecord<>(topics.consent().name(), bytes("other/x"), new byte[] {7, 1, 9, 42}));
        out.add(new ProducerRecord<>(topics.consent().name(), bytes("other/y"), Arrays.copyOf(consent, consent.length / 2)));
        out.add(new ProducerRecord<>(topics.audio().name(), p1, null));
        out.add(new ProducerRecord<>(topics.video().name(), p1, null));
        out.add(new ProducerRecord<>(topics.labelsFeedback().name(), null, topics.labelsFeedback().valueSerde()
                .serializer().serialize(null, label(0, 1f))));
        for (VideoChunk v : List.of(rgb(40, 65536, 65536, 6), rgb(41, -1, -3, 9), jpegs(42, 1), jpegs(43, 4),
                VideoChunk.newBuilder(rgb(44, 2, 1, 6)).setSeq(Long.MAX_VALUE - 1).build())) {
            out.add(new ProducerRecord<>(topics.video().name(), p1, topics.video().valueSerde().serializer()
                    .serialize(null, v)));
        }
        ModelRelease spaced = ModelRelease.newBuilder(ReleaseAnnouncements.of(release, ReleaseStatus.PROMOTED, "bad"))
                .setVersion("99").setArtifactUri("file:///var/lib/a b/99/").build();
        out.add(new ProducerRecord<>(topics.models().name(), bytes(release.manifest().modelName() + "/98"),
                new byte[] {(byte) 0xC3, 1, 4, 4, 4}));
        out.add(new ProducerRecord<>(topics.models().name(), bytes(release.manifest().modelName() + "/99"),
                topics.models().valueSerde().serializer().serialize(null, spaced)));
        TranscriptSegment other = TranscriptSegment.newBuilder().setCallId(CALL).setParticipantId("p2").setSeq(0)
                .setStart(Instant.now()).setEnd(Instant.now()).setText("words of p2").build();
        out.add(new ProducerRecord<>(topics.text().name(), p1, topics.text().valueSerde().serializer()
                .serialize(null, other)));
        out.add(new ProducerRecord<>(topics.labelsFeedback().name(), p1, topics.labelsFeedback().valueSerde()
                .serializer().serialize(null, label(0, Float.NaN))));
        return out;
    }

    private static void awaitEvents(KafkaConsumer<String, ExpressionEvent> events, List<ExpressionEvent> seen,
                                    int count, Process processor) {
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            assertThat(processor.isAlive()).as("the processor is still running").isTrue();
            events.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            return seen.size() >= count;
        });
    }

    private static Process start(Map<String, String> settings, Path release) throws IOException {
        return PackagedCli.process(release, settings, List.of("--set", "http.port=-1"));
    }

    private static void allow(Map<String, Object> client, Topics topics) {
        try (KafkaProducer<String, ConsentRecord> producer = new KafkaProducer<>(client,
                topics.consent().keySerde().serializer(), topics.consent().valueSerde().serializer())) {
            for (String p : List.of("p1", "p2")) {
                producer.send(new ProducerRecord<>(topics.consent().name(), CALL + "/" + p, consent(p)));
            }
        }
    }

    private static ConsentRecord consent(String participant) {
        return ConsentRecord.newBuilder().setCallId(CALL).setParticipantId(participant).setInferenceAllowed(true)
                .setRetrainingAllowed(true).setJurisdiction("US").setContext(CallContext.PERSONAL)
                .setUpdatedAt(Instant.now()).build();
    }

    private static void produce(Map<String, Object> client, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(new HashMap<>(client),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        }
    }

    private static void publish(Map<String, Object> client, Topics topics, SimulatedCall call, int seconds) {
        try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                Clock.systemUTC())) {
            for (int s = 0; s < seconds; s++) {
                for (ParticipantSecond p : call.next()) {
                    publisher.publish(new CapturedSecond(CALL, p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), 10));
                }
            }
        }
    }

    private static LabelFeedback label(long seq, float intensity) {
        return LabelFeedback.newBuilder().setCallId(CALL).setParticipantId("p1").setSeq(seq).setLabelSet("mosei-6@1")
                .setLabels(Map.of("happy", intensity)).setSource(LabelSource.ANNOTATOR).setCreatedAt(Instant.now())
                .build();
    }

    private static VideoChunk rgb(long seq, int width, int height, int bytes) {
        return VideoChunk.newBuilder().setCallId(CALL).setParticipantId("p1").setSeq(seq).setCaptureStart(Instant.now())
                .setFps(10f).setWidth(width).setHeight(height).setFrameFormat(FrameFormat.RGB24)
                .setFrames(List.of(new VideoFrame(0L, ByteBuffer.wrap(new byte[bytes])))).setProducedAt(Instant.now())
                .build();
    }

    private static VideoChunk jpegs(long seq, int frames) {
        List<VideoFrame> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(new VideoFrame(i * 1000L, ByteBuffer.wrap(BadRecords.jpegDeclaring(20000, 20000))));
        }
        return VideoChunk.newBuilder(rgb(seq, 640, 480, 0)).setFrameFormat(FrameFormat.JPEG).setFrames(list).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
