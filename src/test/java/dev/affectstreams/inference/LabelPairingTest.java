package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.LabelSource;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Labels that find no chunk features: dead-lettered once the retention has passed, at once when
 * their label set is unknown, and dropped (counted) without retraining consent. Pairing with
 * features is covered end to end by HotSwapIT.
 */
class LabelPairingTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    private TopologyTestDriver driver;
    private EventRules rules;
    private TestInputTopic<String, LabelFeedback> labels;
    private TestOutputTopic<Bytes, ErrorRecord> dlq;

    @BeforeEach
    void start() {
        rules = EventRules.defaults(true, 0.1);
        var topology = LiveTopology.build(TOPICS, SyncSettings.defaults(), new SyncCounters(),
                InferenceSettings.defaults(), rules, () -> {
                    throw new AssertionError("labels alone must not reach the model");
                }, ReleaseSource.fixed(null));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "labels");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, TOPICS.dlq().name());
        driver = new TopologyTestDriver(topology, props, T0);
        labels = driver.createInputTopic(TOPICS.labelsFeedback().name(), Serdes.String().serializer(),
                TOPICS.labelsFeedback().valueSerde().serializer());
        dlq = driver.createOutputTopic(TOPICS.dlq().name(), TOPICS.dlq().keySerde().deserializer(),
                TOPICS.dlq().valueSerde().deserializer());
        var consent = driver.createInputTopic(TOPICS.consent().name(), Serdes.String().serializer(),
                TOPICS.consent().valueSerde().serializer());
        consent.pipeInput("call/yes", consent("yes", true));
        consent.pipeInput("call/no", consent("no", false));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static ConsentRecord consent(String participant, boolean retraining) {
        return ConsentRecord.newBuilder().setCallId("call").setParticipantId(participant).setInferenceAllowed(true)
                .setRetrainingAllowed(retraining).setJurisdiction("US").setContext(CallContext.PERSONAL)
                .setUpdatedAt(T0).build();
    }

    private static LabelFeedback label(String participant, String labelSet) {
        return LabelFeedback.newBuilder().setCallId("call").setParticipantId(participant).setSeq(3)
                .setLabelSet(labelSet).setLabels(Map.of("happy", 1f)).setSource(LabelSource.ANNOTATOR)
                .setCreatedAt(T0).build();
    }

    @Test
    void shouldDeadLetterALabelWhoseChunkNeverCameWithinTheRetention() {
        labels.pipeInput("call/yes", label("yes", "mosei-6@1"));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(dlq.isEmpty()).as("still within the retention").isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(6));

        ErrorRecord error = dlq.readValue();
        assertThat(error.getStage()).isEqualTo("labels");
        assertThat(error.getSourceTopic()).isEqualTo(TOPICS.labelsFeedback().name());
        assertThat(error.getReason()).contains("no features of slot 3");
        assertThat(rules.counters().labelsUnpaired.get()).isEqualTo(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnUnknownLabelSetAtOnce() {
        labels.pipeInput("call/yes", label("yes", "made-up@9"));

        ErrorRecord error = dlq.readValue();
        assertThat(error.getStage()).isEqualTo("labels");
        assertThat(error.getReason()).contains("unknown label set 'made-up@9'");
    }

    @Test
    void shouldDropLabelsOfParticipantsWithoutRetrainingConsent() {
        labels.pipeInput("call/no", label("no", "mosei-6@1"));
        driver.advanceWallClockTime(Duration.ofMinutes(20));

        assertThat(dlq.isEmpty()).isTrue();
        assertThat(rules.counters().noConsent.get()).isEqualTo(1);
    }
}
