package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.PackagedCli;
import dev.affectstreams.testing.ReadCommitted;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor, run from the packaged jar, is killed (SIGKILL) in the middle of the stream and
 * started again: a read_committed consumer sees every slot's event exactly once.
 */
class ExactlyOnceRestartIT {

    private static final Path JAR = Path.of("target", "affect-streams.jar");

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoEventAndDuplicateNoneAcrossAKill() throws Exception {
        assertThat(JAR).as("run `mvn verify`: the packaged jar is needed").exists();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, String> settings = Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "streams.state.dir", dir.resolve("state").toString(), "model.dir", Path.of("target", "it-models").toAbsolutePath().toString(),
                    "registry.dir", dir.resolve("registry").toString(),
                    "application.id", "eos-it", "device", "cpu", "topics.partitions", "2");
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), settings);
            Topics topics = Topics.from(config);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            Path release = ServedLine.configured(config, line -> { }).dir();
            allow(client, topics, 3);

            Process first = start(settings, release);
            publish(client, topics, 3, 8);
            List<ExpressionEvent> seen = new ArrayList<>();
            try (KafkaConsumer<String, ExpressionEvent> consumer = ReadCommitted.events(client, topics)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    return seen.size() >= 4;
                });
                first.destroyForcibly().waitFor();
                assertThat(seen.size()).as("events before the kill: it happened mid-stream").isLessThan(24);

                Process second = start(settings, release);
                try {
                    ReadCommitted.collect(consumer, seen, 24, Duration.ofSeconds(150));
                    ReadCommitted.expectNoMore(consumer, seen, 24, Duration.ofSeconds(5));
                } finally {
                    second.destroy();
                    second.waitFor();
                }
                // SIGTERM runs the shutdown hooks: a clean stop exits 143, a crash in native code while
                // closing (it happened once: a model session closed after its runtime) exits 134
                assertThat(second.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
            }
            assertThat(seen).extracting(e -> e.getParticipantId() + "#" + e.getSeq()).doesNotHaveDuplicates()
                    .hasSize(24);
        }
    }

    private static Process start(Map<String, String> settings, Path release) throws IOException {
        return PackagedCli.process(release, settings, List.of());
    }

    private static void allow(Map<String, Object> client, Topics topics, int participants) {
        try (KafkaProducer<String, ConsentRecord> producer = new KafkaProducer<>(client,
                topics.consent().keySerde().serializer(), topics.consent().valueSerde().serializer())) {
            for (int i = 1; i <= participants; i++) {
                producer.send(new ProducerRecord<>(topics.consent().name(), "eos/p" + i, ConsentRecord.newBuilder()
                        .setCallId("eos").setParticipantId("p" + i).setInferenceAllowed(true).setRetrainingAllowed(false)
                        .setJurisdiction("US").setContext(CallContext.PERSONAL).setUpdatedAt(Instant.now()).build()));
            }
        }
    }

    private static void publish(Map<String, Object> client, Topics topics, int participants, int seconds) {
        SimulatedCall call = new SimulatedCall("eos", participants, 3, 160, 120, 10);
        try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                Clock.systemUTC())) {
            for (int s = 0; s < seconds; s++) {
                for (ParticipantSecond p : call.next()) {
                    publisher.publish(new CapturedSecond("eos", p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), 10));
                }
            }
        }
    }
}
