package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import dev.affectstreams.model.Modality;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Property: whatever bad records are produced to the input topics, interleaved anywhere with a
 * real simulated call, the whole live topology (real backbones, real stores) stays up, every bad
 * record is dead-lettered exactly once from the topic it was produced to, and every good slot
 * still yields exactly one event. Bad consent records (which the global thread skips, treating
 * them as withdrawals) are mixed in under keys of other participants and must change nothing.
 */
class LiveTopologyFuzzTest {

    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());
    private static final String CALL = "fuzz-call";
    private static final String STRANGER = "stranger";
    private static final int SECONDS = 3;
    /** Slots reserved for bad records start here, far from the good call's. */
    private static final long BAD_SLOTS = 100;

    private static Path dir;
    private static ThreadModels models;
    private static Release release;
    private static List<List<Good>> goodSeconds;

    /** A good record of the simulated call. */
    private record Good(String key, AudioChunk audio, VideoChunk video) {
    }

    @BeforeContainer
    static void openModelAndCall() throws Exception {
        dir = Files.createTempDirectory("fuzz");
        release = UntrainedReleases.overBootstrapBackbones(dir.resolve("release"), "fuzz-line",
                List.of(Modality.VIDEO, Modality.AUDIO));
        models = new ThreadModels(() -> LiveModel.open(release, Device.cpu()));
        ChunkEncoder encoder = new ChunkEncoder(0.8f);
        SimulatedCall call = new SimulatedCall(CALL, 2, SECONDS, 160, 120, 10);
        goodSeconds = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            List<Good> second = new ArrayList<>();
            for (ParticipantSecond p : call.next()) {
                CapturedSecond c = new CapturedSecond(CALL, p.participantId(), p.seq(), p.frames(),
                        p.frameOffsetsMicros(), p.audio(), 10);
                Instant start = T0.plusSeconds(p.seq());
                second.add(new Good(c.key(), encoder.audio(c, start, start.plusSeconds(1)),
                        encoder.video(c, start, start.plusSeconds(1))));
            }
            goodSeconds.add(second);
        }
    }

    @AfterContainer
    static void close() throws Exception {
        models.close();
        FileUtils.deleteQuietly(dir.toFile());
    }

    @Provide
    Arbitrary<List<BadRecords.Maker>> badRecords() {
        List<String> goodKeys = goodSeconds.get(0).stream().map(Good::key).toList();
        return new BadRecords(TOPICS, CALL, STRANGER, T0).any(goodKeys).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, SECONDS).list().ofSize(12);
    }

    @Provide
    Arbitrary<List<byte[]>> badConsent() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(80).list().ofMaxSize(3);
    }

    @Property(tries = 25)
    void shouldDeadLetterEveryBadRecordOnceAndScoreEveryGoodSlotOnce(
            @ForAll("badRecords") List<BadRecords.Maker> makers, @ForAll("positions") List<Integer> where,
            @ForAll("badConsent") List<byte[]> consentGarbage) throws Exception {
        List<BadRecords.Bad> bad = new ArrayList<>();
        for (int i = 0; i < makers.size(); i++) {
            bad.add(makers.get(i).make(BAD_SLOTS + i));
        }
        Path state = Files.createTempDirectory(dir, "state");
        try (TopologyTestDriver driver = driver(state)) {
            Map<String, TestInputTopic<byte[], byte[]>> raw = new HashMap<>();
            for (String topic : List.of(TOPICS.audio().name(), TOPICS.video().name(), TOPICS.text().name(),
                    TOPICS.labelsFeedback().name(), TOPICS.consent().name())) {
                raw.put(topic, driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer(),
                        T0, Duration.ZERO));
            }
            for (Good g : goodSeconds.get(0)) {
                allow(raw.get(TOPICS.consent().name()), g.key());
            }
            allow(raw.get(TOPICS.consent().name()), CALL + "/" + STRANGER);
            for (byte[] garbage : consentGarbage) {
                raw.get(TOPICS.consent().name()).pipeInput("other-call/nobody".getBytes(StandardCharsets.UTF_8), garbage);
            }
            raw.get(TOPICS.consent().name()).pipeInput((byte[]) null, new byte[] {1, 2, 3});
            for (int s = 0; s <= SECONDS; s++) {
                for (int i = 0; i < bad.size(); i++) {
                    if (where.get(i) == s) {
                        raw.get(bad.get(i).topic()).pipeInput(bad.get(i).key(), bad.get(i).value());
                    }
                }
                if (s < SECONDS) {
                    for (Good g : goodSeconds.get(s)) {
                        byte[] key = g.key().getBytes(StandardCharsets.UTF_8);
                        raw.get(TOPICS.audio().name()).pipeInput(key,
                                TOPICS.audio().valueSerde().serializer().serialize(null, g.audio()));
                        raw.get(TOPICS.video().name()).pipeInput(key,
                                TOPICS.video().valueSerde().serializer().serialize(null, g.video()));
                    }
                }
                driver.advanceWallClockTime(Duration.ofMillis(300));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(20)); // every slot waiting for a modality gives up

            List<ExpressionEvent> events = driver.createOutputTopic(TOPICS.expressions().name(),
                    Serdes.String().deserializer(), TOPICS.expressions().valueSerde().deserializer()).readValuesToList();
            Map<String, Long> perSlot = events.stream().collect(Collectors.groupingBy(
                    e -> e.getParticipantId() + "#" + e.getSeq(), Collectors.counting()));
            assertThat(perSlot).as("one event per good slot, none for bad records").hasSize(2 * SECONDS)
                    .allSatisfy((slot, n) -> assertThat(n).as(slot).isEqualTo(1L));
            assertThat(perSlot.keySet()).noneMatch(slot -> slot.startsWith(STRANGER));

            List<ErrorRecord> dead = driver.createOutputTopic(TOPICS.dlq().name(), TOPICS.dlq().keySerde().deserializer(),
                    TOPICS.dlq().valueSerde().deserializer()).readValuesToList();
            assertThat(dead).as("one dead letter per bad record: %s", bad).hasSize(bad.size());
            assertThat(dead.stream().map(ErrorRecord::getSourceTopic).sorted().toList())
                    .as("each from the topic its record was produced to")
                    .isEqualTo(bad.stream().map(BadRecords.Bad::topic).sorted().toList());
            assertThat(dead).allSatisfy(e -> {
                assertThat(e.getReason()).isNotBlank();
                assertThat(e.getSourceOffset()).isNotNegative();
            });
        } finally {
            FileUtils.deleteQuietly(state.toFile());
        }
    }

    private static TopologyTestDriver driver(Path state) {
        var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(), new SyncCounters(),
                InferenceSettings.defaults(), EventRules.defaults(true, 0.0), models, ReleaseSource.fixed(release));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fuzz");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, TOPICS.dlq().name());
        return new TopologyTestDriver(topology, props, T0);
    }

    private static void allow(TestInputTopic<byte[], byte[]> consent, String key) {
        String[] ids = key.split("/", 2);
        ConsentRecord record = ConsentRecord.newBuilder().setCallId(ids[0]).setParticipantId(ids[1])
                .setInferenceAllowed(true).setRetrainingAllowed(true).setJurisdiction("US")
                .setContext(CallContext.PERSONAL).setUpdatedAt(T0).build();
        consent.pipeInput(key.getBytes(StandardCharsets.UTF_8),
                TOPICS.consent().valueSerde().serializer().serialize(null, record));
    }
}
