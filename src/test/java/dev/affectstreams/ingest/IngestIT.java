package dev.affectstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.claimcheck.ClaimCheckStore;
import dev.affectstreams.cli.Main;
import dev.affectstreams.cli.TestCli;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topic;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.sim.SimulationWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ingest` from a simulated call and from a real MP4 into the embedded broker. */
class IngestIT {

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void shouldPublishEverySecondOfEverySimulatedParticipant() throws IOException {
        int rc = Main.run(Map.of(), "ingest", "sim:participants=2,seconds=3,size=160x120,fps=10", "--bootstrap-servers",
                broker.bootstrapServers());

        assertThat(rc).isZero();
        List<ConsumerRecord<String, AudioChunk>> audio = consume(TOPICS.audio(), 6);
        List<ConsumerRecord<String, VideoChunk>> video = consume(TOPICS.video(), 6);
        assertThat(audio).extracting(ConsumerRecord::key).containsOnly("sim-127/p1", "sim-127/p2");
        assertThat(audio).extracting(r -> r.value().getSeq()).containsExactlyInAnyOrder(0L, 0L, 1L, 1L, 2L, 2L);
        assertThat(audio.get(0).value().getSamples().remaining()).isEqualTo(32_000);
        VideoChunk chunk = video.get(0).value();
        assertThat(chunk.getFrames()).hasSize(10);
        assertThat(chunk.getWidth()).isEqualTo(160);
        byte[] jpeg = new byte[chunk.getFrames().get(0).getData().remaining()];
        chunk.getFrames().get(0).getData().duplicate().get(jpeg);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(160);
    }

    @Test
    void shouldPublishAnMp4UnderTheGivenIds() throws IOException {
        SimulationWriter.write(dir.resolve("media"), new SimulationWriter.Spec(1, 2, 9, 160, 120, 25), n -> { });

        Files.writeString(dir.resolve("media/p1.srt"),
                "1\n00:00:00,200 --> 00:00:00,900\nhello there\n\n2\n00:00:01,100 --> 00:00:01,800\nbye\n");

        int rc = Main.run(Map.of(), "ingest", dir.resolve("media/p1.mp4").toString(), "--call-id", "c-9",
                "--participant-id", "bob", "--bootstrap-servers", broker.bootstrapServers(), "--set",
                "topic.audio=mp4.audio", "--set", "topic.video=mp4.video", "--set", "topic.text=mp4.text",
                "--captions", dir.resolve("media/p1.srt").toString());

        assertThat(rc).isZero();
        Topics renamed = Topics.from(ConfigLoader.load(null, Map.of(),
                Map.of("topic.audio", "mp4.audio", "topic.video", "mp4.video", "topic.text", "mp4.text")));
        assertThat(consume(renamed.text(), 2)).extracting(r -> r.value().getSeq() + ":" + r.value().getText())
                .containsExactly("0:hello there", "1:bye");
        assertThat(consume(renamed.video(), 2)).extracting(ConsumerRecord::key).containsOnly("c-9/bob");
        assertThat(consume(renamed.audio(), 2)).extracting(r -> r.value().getSeq()).containsExactly(0L, 1L);
    }

    @Test
    void shouldRefuseAnOversizedChunkClearly() {
        StringWriter err = new StringWriter();
        var cli = TestCli.commandLine(err);

        int rc = cli.execute("ingest", "sim:participants=1,seconds=1,size=160x120,fps=10", "--bootstrap-servers",
                broker.bootstrapServers(), "--max-chunk-bytes", "2000", "--set", "topic.audio=big.audio", "--set",
                "topic.video=big.video");

        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("over the limit of 2000 bytes").contains("--jpeg-quality");
    }

    @Test
    void shouldPassOversizedChunksByReferenceWithAClaimCheckDirectory() throws Exception {
        Path claims = dir.resolve("claims");
        StringWriter out = new StringWriter();
        var cli = TestCli.commandLine(out);

        int rc = cli.execute("ingest", "sim:participants=1,seconds=2,size=160x120,fps=10", "--bootstrap-servers",
                broker.bootstrapServers(), "--max-chunk-bytes", "5000", "--set", "topic.audio=claim.audio", "--set",
                "topic.video=claim.video", "--set", "claim.check.dir=" + claims);

        assertThat(rc).as(out.toString()).isZero();
        Topics renamed = Topics.from(ConfigLoader.load(null, Map.of(),
                Map.of("topic.audio", "claim.audio", "topic.video", "claim.video")));
        ClaimCheckStore store = new ClaimCheckStore(claims);
        for (ConsumerRecord<String, VideoChunk> r : consume(renamed.video(), 2)) {
            VideoChunk envelope = r.value();
            assertThat(envelope.getFrames()).isEmpty();
            assertThat(envelope.getPayloadUri()).startsWith(claims.toUri().toString()).contains("#sha256=");
            VideoChunk stored = renamed.video().valueSerde().deserializer().deserialize(null,
                    store.load(envelope.getPayloadUri()));
            assertThat(stored.getFrames()).hasSize(10);
            assertThat(stored.getSeq()).isEqualTo(envelope.getSeq());
        }
        // 1 s of 16 kHz PCM (32,000 bytes) is over the limit too; the 10 small JPEG frames are not
        assertThat(consume(renamed.audio(), 2)).allSatisfy(r -> assertThat(r.value().getPayloadUri()).isNotNull());
    }

    private static <V> List<ConsumerRecord<String, V>> consume(Topic<String, V> topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest", ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2_000_000);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).as("records on %s", topic.name()).hasSize(expected);
            return records;
        }
    }
}
