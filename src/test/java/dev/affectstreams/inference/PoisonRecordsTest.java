package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.LabelSource;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.ExpressionSmoother;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import dev.affectstreams.model.Modality;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each poison record found against a running processor, replayed through the whole live
 * topology (real backbones, real stores): the record is dead-lettered with its stage, reason
 * and provenance, nothing of it stays in a store (a second driver on the same state directory,
 * as after a restart, scores the next slots), and the participant's good slots are still
 * scored.
 */
class PoisonRecordsTest {

    private static final Instant T0 = Instant.parse("2026-04-02T09:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());
    private static final String CALL = "poison-call";

    @TempDir
    static Path dir;
    private static ThreadModels models;
    private static Release release;
    /** Two participants' good seconds 0..5, encoded as ingest would. */
    private static List<List<Object[]>> seconds;

    @BeforeAll
    static void open() throws Exception {
        release = UntrainedReleases.overBootstrapBackbones(dir.resolve("release"), "poison-line",
                List.of(Modality.VIDEO, Modality.AUDIO));
        models = new ThreadModels(() -> LiveModel.open(release, Device.cpu()));
        ChunkEncoder encoder = new ChunkEncoder(0.8f);
        SimulatedCall call = new SimulatedCall(CALL, 2, 6, 160, 120, 10);
        seconds = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            List<Object[]> second = new ArrayList<>();
            for (ParticipantSecond p : call.next()) {
                CapturedSecond c = new CapturedSecond(CALL, p.participantId(), p.seq(), p.frames(),
                        p.frameOffsetsMicros(), p.audio(), 10);
                Instant start = T0.plusSeconds(p.seq());
                second.add(new Object[] {c.key(), encoder.audio(c, start, start.plusSeconds(1)),
                        encoder.video(c, start, start.plusSeconds(1))});
            }
            seconds.add(second);
        }
    }

    @AfterAll
    static void close() {
        models.close();
    }

    /** The topology on a state directory, with every input topic as raw bytes. */
    private static final class Run implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestOutputTopic<String, ExpressionEvent> events;
        final TestOutputTopic<Bytes, ErrorRecord> dlq;

        Run(Path state) {
            var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(), new SyncCounters(),
                    InferenceSettings.defaults(), EventRules.defaults(true, 0.0), models, ReleaseSource.fixed(release));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "poison");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DeadLetterDeserializationHandler.class);
            props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, TOPICS.dlq().name());
            driver = new TopologyTestDriver(topology, props, T0);
            events = driver.createOutputTopic(TOPICS.expressions().name(), Serdes.String().deserializer(),
                    TOPICS.expressions().valueSerde().deserializer());
            dlq = driver.createOutputTopic(TOPICS.dlq().name(), TOPICS.dlq().keySerde().deserializer(),
                    TOPICS.dlq().valueSerde().deserializer());
        }

        TestInputTopic<byte[], byte[]> raw(String topic) {
            return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer(), T0,
                    Duration.ZERO);
        }

        void consent(String participant, boolean inference) {
            ConsentRecord c = ConsentRecord.newBuilder().setCallId(CALL).setParticipantId(participant)
                    .setInferenceAllowed(inference).setRetrainingAllowed(true).setJurisdiction("US")
                    .setContext(CallContext.PERSONAL).setUpdatedAt(T0).build();
            raw(TOPICS.consent().name()).pipeInput(bytes(CALL + "/" + participant),
                    TOPICS.consent().valueSerde().serializer().serialize(null, c));
        }

        void allowBoth() {
            consent("p1", true);
            consent("p2", true);
        }

        /** Pipes the good second and lets its batch run. */
        void good(int second) {
            for (Object[] g : seconds.get(second)) {
                byte[] key = bytes((String) g[0]);
                raw(TOPICS.audio().name()).pipeInput(key, TOPICS.audio().valueSerde().serializer().serialize(null,
                        (AudioChunk) g[1]));
                raw(TOPICS.video().name()).pipeInput(key, TOPICS.video().valueSerde().serializer().serialize(null,
                        (VideoChunk) g[2]));
            }
            driver.advanceWallClockTime(Duration.ofMillis(300));
        }

        List<String> scoredSlots() {
            return events.readValuesToList().stream().map(e -> e.getParticipantId() + "#" + e.getSeq()).sorted()
                    .toList();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void shouldSurviveUnreadableConsentRecordsAndTreatThemAsWithdrawals() {
        try (Run run = new Run(dir.resolve("consent"))) {
            run.allowBoth();
            byte[] consent = TOPICS.consent().valueSerde().serializer().serialize(null, ConsentRecord.newBuilder()
                    .setCallId(CALL).setParticipantId("p2").setInferenceAllowed(true).setRetrainingAllowed(true)
                    .setJurisdiction("US").setContext(CallContext.PERSONAL).setUpdatedAt(T0).build());
            run.raw(TOPICS.consent().name()).pipeInput(bytes("other/x"), new byte[] {7, 1, 9, 42});
            run.raw(TOPICS.consent().name()).pipeInput((byte[]) null, consent);
            run.raw(TOPICS.consent().name()).pipeInput(bytes(CALL + "/p2"), Arrays.copyOf(consent, consent.length / 2));

            run.good(0);
            run.good(1);

            assertThat(run.scoredSlots()).as("p2's truncated record withdrew its consent; p1 goes on")
                    .containsExactly("p1#0", "p1#1");
        }
    }

    @Test
    void shouldDeadLetterTombstonesAndKeylessRecordsOnEveryInputTopic() {
        try (Run run = new Run(dir.resolve("tombstones"))) {
            run.allowBoth();
            run.raw(TOPICS.audio().name()).pipeInput(bytes(CALL + "/p1"), (byte[]) null);
            run.raw(TOPICS.video().name()).pipeInput(bytes(CALL + "/p1"), (byte[]) null);
            run.raw(TOPICS.text().name()).pipeInput(bytes(CALL + "/p1"), (byte[]) null);
            run.raw(TOPICS.labelsFeedback().name()).pipeInput((byte[]) null, TOPICS.labelsFeedback().valueSerde().serializer()
                    .serialize(null, label("p1", 0, 1f)));
            run.good(0);

            List<ErrorRecord> dead = run.dlq.readValuesToList();
            assertThat(dead).extracting(ErrorRecord::getSourceTopic).containsExactlyInAnyOrder(TOPICS.audio().name(),
                    TOPICS.video().name(), TOPICS.text().name(), TOPICS.labelsFeedback().name());
            assertThat(dead).extracting(ErrorRecord::getReason).allSatisfy(r -> assertThat(r).containsAnyOf(
                    "null value", "without a key"));
            assertThat(run.scoredSlots()).containsExactly("p1#0", "p2#0");
        }
    }

    @Test
    void shouldRefuseAbsurdFramesBeforeDecodingAndKeepNothingOfThemInState() {
        Path state = dir.resolve("media");
        try (Run run = new Run(state)) {
            run.allowBoth();
            List<VideoChunk> poison = List.of(rgb(65536, 65536, 6), rgb(-1, -3, 9),
                    jpegs(1, 20000, 20000), jpegs(4, 20000, 20000));
            for (VideoChunk v : poison) {
                run.raw(TOPICS.video().name()).pipeInput(bytes(CALL + "/p1"),
                        TOPICS.video().valueSerde().serializer().serialize(null, v));
            }
            run.good(0);

            List<ErrorRecord> dead = run.dlq.readValuesToList();
            assertThat(dead).hasSize(poison.size()).allSatisfy(e -> {
                assertThat(e.getStage()).isEqualTo("validate");
                assertThat(e.getSourceTopic()).isEqualTo(TOPICS.video().name());
                assertThat(e.getReason()).contains("limits.frame.max.side");
            });
            assertThat(run.scoredSlots()).containsExactly("p1#0", "p2#0");
        }
        try (Run restarted = new Run(state)) {
            restarted.allowBoth(); // the test driver keeps no topic: the consent topic is read again
            restarted.good(1);
            restarted.driver.advanceWallClockTime(Duration.ofSeconds(20));
            assertThat(restarted.dlq.readValuesToList()).as("nothing poisonous was kept").isEmpty();
            assertThat(restarted.scoredSlots()).containsExactly("p1#1", "p2#1");
        }
    }

    @Test
    void shouldRefuseASlotFarOutOfRangeWithoutLosingTheParticipantsNextSlots() {
        try (Run run = new Run(dir.resolve("seq"))) {
            run.allowBoth();
            run.good(0);
            VideoChunk far = VideoChunk.newBuilder((VideoChunk) seconds.get(1).get(0)[2]).setSeq(Long.MAX_VALUE - 1)
                    .build();
            VideoChunk ahead = VideoChunk.newBuilder((VideoChunk) seconds.get(1).get(0)[2]).setSeq(1_000_000).build();
            run.raw(TOPICS.video().name()).pipeInput(bytes(CALL + "/p1"),
                    TOPICS.video().valueSerde().serializer().serialize(null, far));
            run.raw(TOPICS.video().name()).pipeInput(bytes(CALL + "/p1"),
                    TOPICS.video().valueSerde().serializer().serialize(null, ahead));
            for (int s = 1; s < 6; s++) {
                run.good(s);
            }
            run.driver.advanceWallClockTime(Duration.ofSeconds(20));

            assertThat(run.dlq.readValuesToList()).extracting(ErrorRecord::getReason).satisfiesExactly(
                    r -> assertThat(r).contains("outside [0, "), r -> assertThat(r).contains("limits.seq.max.ahead"));
            assertThat(run.scoredSlots()).filteredOn(s -> s.startsWith("p1#")).hasSize(6);
        }
    }

    @Test
    void shouldDeadLetterACaptionOfAnotherParticipantAndLabelsThatAreNotNumbers() {
        try (Run run = new Run(dir.resolve("text"))) {
            run.allowBoth();
            TranscriptSegment other = TranscriptSegment.newBuilder().setCallId(CALL).setParticipantId("p2").setSeq(0)
                    .setStart(T0).setEnd(T0.plusSeconds(1)).setText("words of p2").build();
            run.raw(TOPICS.text().name()).pipeInput(bytes(CALL + "/p1"),
                    TOPICS.text().valueSerde().serializer().serialize(null, other));
            run.raw(TOPICS.labelsFeedback().name()).pipeInput(bytes(CALL + "/p1"),
                    TOPICS.labelsFeedback().valueSerde().serializer().serialize(null, label("p1", 0, Float.NaN)));
            run.good(0);

            assertThat(run.dlq.readValuesToList()).extracting(ErrorRecord::getReason).satisfiesExactlyInAnyOrder(
                    r -> assertThat(r).contains("does not match the segment's participant"),
                    r -> assertThat(r).contains("finite"));
            assertThat(run.driver.<String, String>getKeyValueStore(TranscriptProcessor.STORE).get(CALL + "/p2"))
                    .as("not stored under the ids inside the record").isNull();
        }
    }

    @Test
    void shouldDeadLetterPreprocessingRefusalsWithTheirRealProvenance() {
        try (Run run = new Run(dir.resolve("provenance"))) {
            run.allowBoth();
            VideoChunk garbage = VideoChunk.newBuilder((VideoChunk) seconds.get(0).get(0)[2])
                    .setFrames(List.of(new VideoFrame(0L, ByteBuffer.wrap(BadRecords.jpegDeclaring(64, 48))))).build();
            run.raw(TOPICS.video().name()).pipeInput(bytes(CALL + "/p1"),
                    TOPICS.video().valueSerde().serializer().serialize(null, garbage));
            run.raw(TOPICS.audio().name()).pipeInput(bytes(CALL + "/p1"), TOPICS.audio().valueSerde().serializer()
                    .serialize(null, (AudioChunk) seconds.get(0).get(0)[1]));
            run.driver.advanceWallClockTime(Duration.ofMillis(300));

            assertThat(run.dlq.readValuesToList()).singleElement().satisfies(e -> {
                assertThat(e.getStage()).isEqualTo("preprocess");
                assertThat(e.getSourceTopic()).isEqualTo(TOPICS.video().name());
                assertThat(e.getSourcePartition()).isZero();
                assertThat(e.getSourceOffset()).isZero();
            });
        }
    }

    @Test
    void shouldDeadLetterAndRemoveAPendingChunkThatCannotBeReadBack() {
        try (Run run = new Run(dir.resolve("stored"))) {
            run.allowBoth();
            run.driver.<String, byte[]>getKeyValueStore(InferenceProcessor.PENDING)
                    .put(CALL + "/p1|" + String.format("%019d", 3), new byte[] {0, 0, 0, 1, 0, 7});
            run.good(0);
            run.driver.advanceWallClockTime(Duration.ofMillis(300));

            assertThat(run.dlq.readValuesToList()).singleElement().satisfies(e ->
                    assertThat(e.getReason()).contains("could not be read and was removed"));
            assertThat(run.driver.<String, byte[]>getKeyValueStore(InferenceProcessor.PENDING).approximateNumEntries())
                    .isZero();
            assertThat(run.scoredSlots()).containsExactly("p1#0", "p2#0");
        }
    }

    @Test
    void shouldForgetAParticipantsStateWhenConsentIsWithdrawn() {
        try (Run run = new Run(dir.resolve("withdrawn"))) {
            run.allowBoth();
            run.good(0);
            var windows = run.driver.<String, byte[]>getKeyValueStore(InferenceProcessor.WINDOWS);
            var pins = run.driver.<String, String>getKeyValueStore(InferenceProcessor.PINS);
            var states = run.driver.<String, byte[]>getKeyValueStore(InferenceProcessor.STATE_STORE);
            states.put(CALL + "/p1", StateCodec.encode(new ExpressionSmoother.State(
                    Map.of("happy", 0.9f), "happy")));
            assertThat(windows.get(CALL + "/p1")).isNotNull();
            assertThat(pins.get(CALL + "/p1")).isNotNull();

            run.consent("p1", false);
            run.driver.advanceWallClockTime(Duration.ofSeconds(2));

            assertThat(states.get(CALL + "/p1")).as("withdrawn: forgotten").isNull();
            assertThat(windows.get(CALL + "/p1")).isNull();
            assertThat(pins.get(CALL + "/p1")).isNull();
            assertThat(windows.get(CALL + "/p2")).as("still consenting").isNotNull();
        }
    }

    private static LabelFeedback label(String participant, long seq, float intensity) {
        return LabelFeedback.newBuilder().setCallId(CALL).setParticipantId(participant).setSeq(seq)
                .setLabelSet("mosei-6@1").setLabels(Map.of("happy", intensity)).setSource(LabelSource.ANNOTATOR)
                .setCreatedAt(T0).build();
    }

    private static VideoChunk rgb(int width, int height, int bytes) {
        return VideoChunk.newBuilder().setCallId(CALL).setParticipantId("p1").setSeq(40).setCaptureStart(T0)
                .setFps(10f).setWidth(width).setHeight(height).setFrameFormat(FrameFormat.RGB24)
                .setFrames(List.of(new VideoFrame(0L, ByteBuffer.wrap(new byte[bytes])))).setProducedAt(T0).build();
    }

    private static VideoChunk jpegs(int frames, int width, int height) {
        List<VideoFrame> list = new ArrayList<>(Collections.nCopies(frames, null));
        for (int i = 0; i < frames; i++) {
            list.set(i, new VideoFrame(i * 1000L, ByteBuffer.wrap(BadRecords.jpegDeclaring(width, height))));
        }
        return VideoChunk.newBuilder().setCallId(CALL).setParticipantId("p1").setSeq(41 + frames).setCaptureStart(T0)
                .setFps(10f).setWidth(640).setHeight(480).setFrameFormat(FrameFormat.JPEG).setFrames(list)
                .setProducedAt(T0).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
