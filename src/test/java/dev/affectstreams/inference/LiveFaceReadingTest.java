package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.data.RealFaces;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import dev.affectstreams.testing.RealFaceFixture;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face reading on the live topology, on real faces: frames cut from the face-api package's
 * demo photos around a smiling face and a neutral one (see {@link RealFaces}), encoded as JPEG,
 * through the real face detector, tracker and face expression network. No training is involved:
 * the release is untrained, the reading is the network's own. Also a participant without a face
 * (no reading, NO_FACE) and one whose producer sends no audio (prompt events, scored on silence
 * and flagged AUDIO_MISSING).
 */
class LiveFaceReadingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());
    private static final String CALL = "faces";
    private static final int SECONDS = 3;

    @TempDir
    static Path dir;

    private RealFaces faces;

    /** Before each test, so that a machine without npm reports the test skipped, with the reason. */
    @BeforeEach
    void fetch() throws Exception {
        faces = RealFaceFixture.fetchedOrSkipped();
    }

    @Test
    void shouldReadTheRealFaceInEveryEventAndNothingWhereThereIsNone() throws Exception {
        Release release = UntrainedReleases.overBootstrapBackbones(dir.resolve("release"), "faces-line",
                List.of(Modality.VIDEO, Modality.AUDIO));
        Map<String, BufferedImage> who = Map.of(
                "smiling", faces.framed(RealFaces.SMILING, 320, 240).frame(),
                "neutral", faces.framed(RealFaces.NEUTRAL, 320, 240).frame(),
                "muted", faces.framed(RealFaces.SMILING, 320, 240).frame(),
                "nobody", noise(320, 240));
        List<ExpressionEvent> events;
        List<ExpressionState> states;
        try (ThreadModels models = new ThreadModels(() -> LiveModel.open(release, Device.cpu(),
                FaceReader.open(faces.packageDir(), Device.cpu())))) {
            var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(),
                    new SyncCounters(), InferenceSettings.defaults(), EventRules.defaults(true, 0),
                    models, ReleaseSource.fixed(release));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-faces");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, T0)) {
                var consent = driver.createInputTopic(TOPICS.consent().name(), Serdes.String().serializer(),
                        TOPICS.consent().valueSerde().serializer());
                var audio = driver.createInputTopic(TOPICS.audio().name(), Serdes.String().serializer(),
                        TOPICS.audio().valueSerde().serializer());
                TestInputTopic<String, VideoChunk> video = driver.createInputTopic(TOPICS.video().name(),
                        Serdes.String().serializer(), TOPICS.video().valueSerde().serializer());
                var eventTopic = driver.createOutputTopic(TOPICS.expressions().name(), Serdes.String().deserializer(),
                        TOPICS.expressions().valueSerde().deserializer());
                var stateTopic = driver.createOutputTopic(TOPICS.expressionState().name(),
                        Serdes.String().deserializer(), TOPICS.expressionState().valueSerde().deserializer());
                for (String p : who.keySet()) {
                    consent.pipeInput(CALL + "/" + p, ConsentRecord.newBuilder().setCallId(CALL).setParticipantId(p)
                            .setInferenceAllowed(true).setRetrainingAllowed(false).setJurisdiction("US")
                            .setContext(CallContext.PERSONAL).setUpdatedAt(T0).build());
                }
                ChunkEncoder encoder = new ChunkEncoder(0.9f);
                Random jitter = new Random(5);
                for (int s = 0; s < SECONDS; s++) {
                    for (var p : who.entrySet()) {
                        List<BufferedImage> frames = new ArrayList<>();
                        long[] offsets = new long[10];
                        for (int f = 0; f < 10; f++) {
                            frames.add(RealFaces.shifted(p.getValue(), jitter.nextInt(5) - 2, jitter.nextInt(5) - 2));
                            offsets[f] = f * 100_000L;
                        }
                        boolean muted = p.getKey().equals("muted");
                        CapturedSecond second = new CapturedSecond(CALL, p.getKey(), s, frames, offsets,
                                muted ? null : tone(s), 10);
                        Instant sent = T0.plusSeconds(s + 1);
                        if (!muted) {
                            audio.pipeInput(second.key(), encoder.audio(second, T0, sent));
                        }
                        VideoChunk v = encoder.video(second, T0, sent);
                        v.setAudioAbsent(muted);
                        video.pipeInput(second.key(), v);
                    }
                }
                // well inside the synchronizer's 2 s grace period: the muted participant is not waited for
                driver.advanceWallClockTime(Duration.ofMillis(500));
                events = eventTopic.readValuesToList();
                states = stateTopic.readValuesToList();
            }
        }
        Map<String, List<ExpressionEvent>> byParticipant = events.stream()
                .collect(Collectors.groupingBy(ExpressionEvent::getParticipantId));
        assertThat(byParticipant.keySet()).containsExactlyInAnyOrder("smiling", "neutral", "muted", "nobody");
        byParticipant.values().forEach(list -> assertThat(list).hasSize(SECONDS));

        for (ExpressionEvent e : byParticipant.get("smiling")) {
            assertThat(e.getFaceReading()).as("slot %d", e.getSeq()).isNotNull();
            assertThat(e.getFaceReading().getNetwork()).isEqualTo("face-expression-net");
            assertThat(e.getFaceReading().getWeightsSha256()).matches("[0-9a-f]{64}");
            assertThat(e.getFaceReading().getTopClass()).isEqualTo("happy");
            assertThat(e.getFaceReading().getProbabilities().get("happy")).isGreaterThan(0.8f);
            assertThat(e.getFaceReading().getProbabilities().values().stream().mapToDouble(Float::doubleValue).sum())
                    .isCloseTo(1.0, Assertions.within(1e-3));
            assertThat(e.getFaceReading().getFrames()).isEqualTo(FaceReader.FRAMES_PER_CHUNK);
            assertThat(e.getFaceChunks()).isEqualTo(e.getWindowChunks());
            assertThat(e.getScores()).hasSize(6);
            assertThat(e.getDominantLabel()).isNotNull();
        }
        for (ExpressionEvent e : byParticipant.get("neutral")) {
            assertThat(e.getFaceReading().getTopClass()).as("slot %d", e.getSeq()).isEqualTo("neutral");
            assertThat(e.getFaceReading().getProbabilities().get("happy")).isLessThan(0.3f);
        }
        for (ExpressionEvent e : byParticipant.get("nobody")) {
            assertThat(e.getFaceReading()).isNull();
            assertThat(e.getQualityFlags()).contains(QualityFlag.NO_FACE);
            assertThat(e.getFaceChunks()).isZero();
            assertThat(e.getScores()).as("no face, no video features: nothing to score").isEmpty();
            assertThat(e.getDominantLabel()).isNull();
        }
        for (ExpressionEvent e : byParticipant.get("muted")) {
            assertThat(e.getQualityFlags()).contains(QualityFlag.AUDIO_MISSING);
            assertThat(e.getModalities()).containsExactly(dev.affectstreams.avro.Modality.VIDEO);
            assertThat(e.getScores()).as("scored on one second of silence for the missing audio").hasSize(6);
            assertThat(e.getFaceReading().getTopClass()).isEqualTo("happy");
        }
        ExpressionState smiling = states.stream().filter(s -> s.getParticipantId().equals("smiling")).findFirst()
                .orElseThrow();
        assertThat(smiling.getFaceReading().getTopClass()).isEqualTo("happy");
        assertThat(smiling.getLabel()).isNotNull();
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(9);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = 100 + r.nextInt(30);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return image;
    }

    private static float[] tone(int second) {
        float[] samples = new float[16_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.2 * Math.sin(2 * Math.PI * (180 + 20 * second) * i / 16_000.0));
        }
        return samples;
    }
}
