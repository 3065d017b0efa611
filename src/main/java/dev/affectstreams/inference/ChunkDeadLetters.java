package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.sync.Provenance;
import dev.affectstreams.sync.SyncedChunk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Dead letters of chunks refused after synchronization: the refused modality's record as it
 * was read, with the topic, partition and offset it came from.
 */
final class ChunkDeadLetters {

    private final AvroSerde<AudioChunk> audioSerde;
    private final AvroSerde<VideoChunk> videoSerde;

    ChunkDeadLetters(AvroSerde<AudioChunk> audioSerde, AvroSerde<VideoChunk> videoSerde) {
        this.audioSerde = audioSerde;
        this.videoSerde = videoSerde;
    }

    /** @param audio whether the audio record (rather than the video) is the one refused */
    ErrorRecord of(SyncedChunk c, boolean audio, String stage, String reason, Throwable cause, long now,
                   String applicationId) {
        boolean useAudio = audio && c.audio() != null || c.video() == null;
        byte[] value = useAudio ? audioSerde.serialize(null, c.audio()) : videoSerde.serialize(null, c.video());
        Provenance from = useAudio ? c.audioFrom() : c.videoFrom();
        return error(c.key(), value, from, stage, reason, cause, now, applicationId);
    }

    /** A store entry that could not even be read back: its raw bytes. */
    static ErrorRecord unreadable(String key, byte[] stored, String stage, Throwable cause, long now,
                                  String applicationId) {
        return error(key, stored, Provenance.UNKNOWN, stage, "a stored chunk could not be read and was removed: "
                + cause, cause, now, applicationId);
    }

    private static ErrorRecord error(String key, byte[] value, Provenance from, String stage, String reason,
                                     Throwable cause, long now, String applicationId) {
        return ErrorRecord.newBuilder().setSourceTopic(from.topic()).setSourcePartition(from.partition())
                .setSourceOffset(from.offset()).setStage(stage).setReason(reason)
                .setErrorClass(cause == null ? null : cause.getClass().getName())
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setOriginalTimestamp(Instant.ofEpochMilli(now)).setOccurredAt(Instant.ofEpochMilli(now))
                .setApplicationId(applicationId).build();
    }

    /**
     * Whether a failure belongs to Kafka rather than to the input (a fenced producer, a migrated
     * task, an interrupted thread): those must reach Kafka Streams, never be dead-lettered.
     */
    static boolean isKafkaFailure(RuntimeException e) {
        return e instanceof StreamsException || e instanceof KafkaException && !(e instanceof SerializationException);
    }
}
