package dev.affectstreams.config;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * The immutable registry of the application's topics. Per-participant topics are keyed by
 * {@code callId/participantId} (a UTF-8 string) and co-partitioned; {@code models} is keyed by
 * {@code modelName/version}, so compaction keeps the latest status of every release;
 * {@code retrain.reports} (JSON) by model name; the dead-letter topic keeps the original key bytes.
 */
public record Topics(
        Topic<String, AudioChunk> audio,
        Topic<String, VideoChunk> video,
        Topic<String, TranscriptSegment> text,
        Topic<String, ExpressionEvent> expressions,
        Topic<String, ExpressionState> expressionState,
        Topic<String, TrainingSample> sslSamples,
        Topic<String, LabelFeedback> labelsFeedback,
        Topic<String, ModelRelease> models,
        Topic<String, ConsentRecord> consent,
        Topic<Bytes, ErrorRecord> dlq,
        Topic<String, String> retrainReports) {

    public static Topics from(EffectiveConfig config) {
        Serde<String> key = Serdes.String();
        return new Topics(
                new Topic<>(config.get(Settings.TOPIC_AUDIO), key, AvroSerde.of(AudioChunk.class), false),
                new Topic<>(config.get(Settings.TOPIC_VIDEO), key, AvroSerde.of(VideoChunk.class), false),
                new Topic<>(config.get(Settings.TOPIC_TEXT), key, AvroSerde.of(TranscriptSegment.class), false),
                new Topic<>(config.get(Settings.TOPIC_EXPRESSIONS), key, AvroSerde.of(ExpressionEvent.class), false),
                new Topic<>(config.get(Settings.TOPIC_EXPRESSION_STATE), key, AvroSerde.of(ExpressionState.class),
                        false),
                new Topic<>(config.get(Settings.TOPIC_SSL_SAMPLES), key, AvroSerde.of(TrainingSample.class), false),
                new Topic<>(config.get(Settings.TOPIC_LABELS), key, AvroSerde.of(LabelFeedback.class), false),
                new Topic<>(config.get(Settings.TOPIC_MODELS), key, AvroSerde.of(ModelRelease.class), true),
                new Topic<>(config.get(Settings.TOPIC_CONSENT), key, AvroSerde.of(ConsentRecord.class), true),
                new Topic<>(config.get(Settings.TOPIC_DLQ), Serdes.Bytes(), AvroSerde.of(ErrorRecord.class), false),
                new Topic<>(config.get(Settings.TOPIC_RETRAIN_REPORTS), key, Serdes.String(), false));
    }

    /** Every topic, inputs first. */
    public List<Topic<?, ?>> all() {
        return List.of(audio, video, text, expressions, expressionState, sslSamples, labelsFeedback, models,
                consent, dlq, retrainReports);
    }
}
