package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.AudioEncoding;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import dev.affectstreams.testing.SampleRecords;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input through the whole live topology lands in the dead-letter topic with
 * its stage and reason, and the stream goes on. The model is never reached by bad chunks: its
 * supplier fails the test if called.
 */
class BadInputTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    private TopologyTestDriver driver;
    private TestOutputTopic<Bytes, ErrorRecord> dlq;

    @BeforeEach
    void start() {
        var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(), new SyncCounters(),
                InferenceSettings.defaults(), EventRules.defaults(true, 0.1), () -> {
                    throw new AssertionError("bad input must not reach the model");
                }, new ReleaseSource() {
                    @Override
                    public Release current() {
                        throw new AssertionError("bad input must not reach a release");
                    }

                    @Override
                    public Release resolve(String pinned) {
                        throw new AssertionError("bad input must not reach a release");
                    }
                });
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bad-input");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, TOPICS.dlq().name());
        driver = new TopologyTestDriver(topology, props, T0);
        dlq = driver.createOutputTopic(TOPICS.dlq().name(), TOPICS.dlq().keySerde().deserializer(),
                TOPICS.dlq().valueSerde().deserializer());
        driver.createInputTopic(TOPICS.consent().name(), Serdes.String().serializer(),
                TOPICS.consent().valueSerde().serializer()).pipeInput(SampleRecords.KEY, ConsentRecord.newBuilder()
                .setCallId(SampleRecords.CALL).setParticipantId(SampleRecords.PARTICIPANT).setInferenceAllowed(true)
                .setRetrainingAllowed(false).setJurisdiction("US").setContext(CallContext.PERSONAL)
                .setUpdatedAt(T0).build());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldDeadLetterACorruptJpeg() {
        VideoChunk video = VideoChunk.newBuilder(SampleRecords.video()).setFrameFormat(FrameFormat.JPEG)
                .setFrames(List.of(new VideoFrame(0L, ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}))))
                .build();

        pipe(SampleRecords.audio(), video);

        assertThat(reasons()).singleElement().satisfies(e -> {
            assertThat(e.getStage()).isEqualTo("validate");
            assertThat(e.getReason()).contains("not a readable JPEG");
            assertThat(e.getSourceTopic()).isEqualTo(TOPICS.video().name());
        });
    }

    @Test
    void shouldDeadLetterAChunkPassedByReferenceWhereClaimChecksAreOff() {
        VideoChunk envelope = VideoChunk.newBuilder(SampleRecords.video()).setFrames(List.of())
                .setPayloadUri("file:///shared/claims/c/p/av.video-0.avro#sha256=00").build();

        pipe(SampleRecords.audio(), envelope);

        assertThat(reasons()).singleElement().satisfies(e -> {
            assertThat(e.getStage()).isEqualTo("preprocess");
            assertThat(e.getReason()).contains("passed by reference", "no claim.check.dir");
        });
    }

    @Test
    void shouldDeadLetterAnImpossibleSampleRate() {
        pipe(AudioChunk.newBuilder(SampleRecords.audio()).setSampleRate(12).build(), SampleRecords.video());

        assertThat(reasons()).singleElement().satisfies(e -> assertThat(e.getReason()).contains("12 Hz"));
    }

    @Test
    void shouldDeadLetterATruncatedSample() {
        AudioChunk audio = AudioChunk.newBuilder(SampleRecords.audio()).setSamples(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .build();

        pipe(audio, SampleRecords.video());

        assertThat(reasons()).singleElement().satisfies(e -> assertThat(e.getReason()).contains("truncated sample"));
    }

    @Test
    void shouldDeadLetterNanAudio() {
        ByteBuffer samples = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(Float.NaN);
        samples.flip();
        AudioChunk audio = AudioChunk.newBuilder(SampleRecords.audio()).setEncoding(AudioEncoding.PCM_F32LE)
                .setSamples(samples).build();

        pipe(audio, SampleRecords.video());

        assertThat(reasons()).singleElement().satisfies(e -> assertThat(e.getReason()).contains("NaN"));
    }

    @Test
    void shouldDeadLetterAnUnknownSchemaAndAPayloadThatIsNotAvro() {
        var raw = driver.createInputTopic(TOPICS.audio().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        raw.pipeInput(SampleRecords.KEY, new byte[] {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 0}, T0);
        raw.pipeInput(SampleRecords.KEY, "{\"json\":1}".getBytes(), T0);

        List<ErrorRecord> errors = reasons();
        assertThat(errors).extracting(ErrorRecord::getStage).containsOnly("deserialize");
        assertThat(errors.get(0).getReason()).contains("unknown schema fingerprint");
        assertThat(errors.get(1).getReason()).contains("not Avro single-object encoding");
    }

    private void pipe(AudioChunk audio, VideoChunk video) {
        driver.createInputTopic(TOPICS.audio().name(), Serdes.String().serializer(),
                TOPICS.audio().valueSerde().serializer()).pipeInput(SampleRecords.KEY, audio, T0);
        driver.createInputTopic(TOPICS.video().name(), Serdes.String().serializer(),
                TOPICS.video().valueSerde().serializer()).pipeInput(SampleRecords.KEY, video, T0);
        driver.advanceWallClockTime(Duration.ofMillis(300));
    }

    private List<ErrorRecord> reasons() {
        return dlq.readValuesToList();
    }
}
