package dev.affectstreams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import dev.affectstreams.testing.SampleRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the synchronization rules with a driven wall clock: grace 2 s, max wait 15 s, lag 2
 * chunks. A slot waits for its missing modality while that modality is stalled for everyone
 * (up to 15 s), so a 10 s stall delays and never drops.
 */
class SyncTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    private TopologyTestDriver driver;
    private TestInputTopic<String, AudioChunk> audio;
    private TestInputTopic<String, VideoChunk> video;
    private TestOutputTopic<String, String> synced;
    private TestOutputTopic<Bytes, ErrorRecord> dlq;
    private final SyncCounters counters = new SyncCounters();

    @BeforeEach
    void start() {
        Topology topology = SyncTopology.build(TOPICS, SyncSettings.defaults(), counters, Summary::new);
        topology.addSink("summary-sink", "synced-summary", Serdes.String().serializer(), Serdes.String().serializer(),
                ChunkSyncProcessor.SYNCED);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sync-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, TOPICS.dlq().name());
        driver = new TopologyTestDriver(topology, props, T0);
        audio = driver.createInputTopic(TOPICS.audio().name(), Serdes.String().serializer(),
                TOPICS.audio().valueSerde().serializer());
        video = driver.createInputTopic(TOPICS.video().name(), Serdes.String().serializer(),
                TOPICS.video().valueSerde().serializer());
        synced = driver.createOutputTopic("synced-summary", Serdes.String().deserializer(), Serdes.String().deserializer());
        dlq = driver.createOutputTopic(TOPICS.dlq().name(), TOPICS.dlq().keySerde().deserializer(),
                TOPICS.dlq().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldEmitASlotAsSoonAsBothModalitiesArrive() {
        audio.pipeInput(key("alice"), audio("alice", 0), T0);
        assertThat(synced.isEmpty()).isTrue();

        video.pipeInput(key("alice"), video("alice", 0), T0);

        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|0|AV|");
    }

    @Test
    void shouldWaitThroughAStallShorterThanMaxWaitAndLoseNothing() {
        for (int s = 0; s < 3; s++) {
            audio.pipeInput(key("alice"), audio("alice", s), T0.plusSeconds(s));
            audio.pipeInput(key("bob"), audio("bob", s), T0.plusSeconds(s));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(synced.isEmpty()).as("nothing given up during a 10 s video stall").isTrue();

        for (int s = 0; s < 3; s++) {
            video.pipeInput(key("alice"), video("alice", s), T0.plusSeconds(s));
            video.pipeInput(key("bob"), video("bob", s), T0.plusSeconds(s));
        }

        assertThat(synced.readValuesToList()).hasSize(6).allMatch(v -> v.contains("|AV|"));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldGoOnWithoutAModalityStalledLongerThanMaxWaitAndSendItsLateChunkToTheDeadLetterTopic() {
        audio.pipeInput(key("alice"), audio("alice", 0), T0);
        driver.advanceWallClockTime(Duration.ofSeconds(14));
        assertThat(synced.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(1200));
        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|0|A-|VIDEO_MISSING");

        video.pipeInput(key("alice"), video("alice", 0), T0);
        ErrorRecord late = dlq.readValue();
        assertThat(late.getStage()).isEqualTo("sync");
        assertThat(late.getReason()).contains("arrived after the slot went on without it");
        assertThat(late.getOriginalValue().remaining()).isPositive();
        assertThat(counters.late()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpQuicklyOnAParticipantWhoseCameraStoppedWhileOthersFlow() {
        audio.pipeInput(key("alice"), audio("alice", 0), T0);
        video.pipeInput(key("bob"), video("bob", 0), T0);
        audio.pipeInput(key("bob"), audio("bob", 0), T0);
        assertThat(synced.readValuesToList()).containsExactly("call-1/bob|0|AV|");

        driver.advanceWallClockTime(Duration.ofMillis(1500));
        video.pipeInput(key("bob"), video("bob", 1), T0.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofMillis(800));

        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|0|A-|VIDEO_MISSING");
    }

    @Test
    void shouldGiveUpOnASlotWhenTheSameParticipantsOtherStreamRunsAhead() {
        video.pipeInput(key("alice"), video("alice", 0), T0);
        video.pipeInput(key("alice"), video("alice", 1), T0.plusSeconds(1));
        audio.pipeInput(key("alice"), audio("alice", 1), T0.plusSeconds(1));
        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|1|AV|");

        audio.pipeInput(key("alice"), audio("alice", 2), T0.plusSeconds(2));
        driver.advanceWallClockTime(Duration.ofMillis(200));

        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|0|-V|AUDIO_MISSING");
    }

    @Test
    void shouldGoOnAtOnceWhenTheProducerSaysTheParticipantSendsNoAudio() {
        video.pipeInput(key("alice"), VideoChunk.newBuilder(video("alice", 0)).setAudioAbsent(true).build(), T0);
        audio.pipeInput(key("bob"), AudioChunk.newBuilder(audio("bob", 0)).setVideoAbsent(true).build(), T0);

        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|0|-V|AUDIO_MISSING",
                "call-1/bob|0|A-|VIDEO_MISSING");
    }

    @Test
    void shouldGoOnAtOnceForAParticipantWhoseAudioStoppedWhileOthersAudioFlows() {
        for (int s = 0; s < 3; s++) {
            for (String who : List.of("alice", "bob")) {
                audio.pipeInput(key(who), audio(who, s), T0.plusSeconds(s));
                video.pipeInput(key(who), video(who, s), T0.plusSeconds(s));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        synced.readValuesToList();
        // alice mutes: only her video comes from slot 3 on
        for (int s = 3; s < 8; s++) {
            video.pipeInput(key("alice"), video("alice", s), T0.plusSeconds(s));
            audio.pipeInput(key("bob"), audio("bob", s), T0.plusSeconds(s));
            video.pipeInput(key("bob"), video("bob", s), T0.plusSeconds(s));
            driver.advanceWallClockTime(Duration.ofMillis(200));
            List<String> out = synced.readValuesToList();
            if (s >= 6) {
                assertThat(out).as("slot %d within 200 ms once her audio has been gone for the grace period", s)
                        .contains("call-1/alice|" + s + "|-V|AUDIO_MISSING");
            }
            driver.advanceWallClockTime(Duration.ofMillis(800));
        }
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldNotTakeAStalledAudioPartitionForAParticipantWithoutAudio() {
        for (int s = 0; s < 3; s++) {
            audio.pipeInput(key("alice"), audio("alice", s), T0.plusSeconds(s));
            video.pipeInput(key("alice"), video("alice", s), T0.plusSeconds(s));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        synced.readValuesToList();
        // audio stalls for everyone of the partition for 8 s while video flows
        for (int s = 3; s < 11; s++) {
            video.pipeInput(key("alice"), video("alice", s), T0.plusSeconds(s));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertThat(synced.readValuesToList()).as("nothing given up while audio is stalled for everyone").isEmpty();
    }

    @Test
    void shouldHandleOutOfOrderChunksAndDropDuplicates() {
        video.pipeInput(key("alice"), video("alice", 1), T0.plusSeconds(1));
        audio.pipeInput(key("alice"), audio("alice", 0), T0);
        audio.pipeInput(key("alice"), audio("alice", 0), T0);
        audio.pipeInput(key("alice"), audio("alice", 1), T0.plusSeconds(1));
        video.pipeInput(key("alice"), video("alice", 0), T0);
        video.pipeInput(key("alice"), video("alice", 0), T0);

        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|1|AV|", "call-1/alice|0|AV|");
        assertThat(counters.duplicates()).isEqualTo(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAChunkWhoseKeyDisagreesWithItsIds() {
        audio.pipeInput(key("bob"), audio("alice", 0), T0);

        ErrorRecord error = dlq.readValue();
        assertThat(error.getStage()).isEqualTo("validate");
        assertThat(error.getSourceTopic()).isEqualTo(TOPICS.audio().name());
        assertThat(synced.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterUndecodableBytesAndKeepGoing() {
        driver.createInputTopic(TOPICS.video().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key("alice"), new byte[] {1, 2, 3}, T0);
        audio.pipeInput(key("alice"), audio("alice", 0), T0);
        video.pipeInput(key("alice"), video("alice", 0), T0);

        ErrorRecord error = dlq.readValue();
        assertThat(error.getStage()).isEqualTo("deserialize");
        assertThat(error.getReason()).contains("not Avro single-object encoding");
        assertThat(error.getOriginalValue().remaining()).isEqualTo(3);
        assertThat(synced.readValuesToList()).containsExactly("call-1/alice|0|AV|");
    }

    private static String key(String participant) {
        return SampleRecords.CALL + "/" + participant;
    }

    private static AudioChunk audio(String participant, long seq) {
        return AudioChunk.newBuilder(SampleRecords.audio()).setParticipantId(participant).setSeq(seq).build();
    }

    private static VideoChunk video(String participant, long seq) {
        return VideoChunk.newBuilder(SampleRecords.video()).setParticipantId(participant).setSeq(seq).build();
    }

    /** key|seq|A or -, V or -|flags. */
    static final class Summary implements Processor<String, SyncedChunk, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, SyncedChunk> record) {
            SyncedChunk c = record.value();
            String flags = c.flags().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
            context.forward(record.withValue(c.key() + "|" + c.seq() + "|" + (c.audio() == null ? "-" : "A")
                    + (c.video() == null ? "-" : "V") + "|" + flags));
        }
    }
}
