package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.kafka.DeadLetter;
import dev.affectstreams.kafka.Provenance;
import dev.affectstreams.sync.SyncedChunk;
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
        return DeadLetter.of(from, c.key(), value, now).refused(stage, reason, cause, now, applicationId);
    }

    /**
     * Whether a failure belongs to Kafka rather than to the input (a fenced producer, a migrated
     * task, an interrupted thread): those must reach Kafka Streams, never be dead-lettered.
     */
    static boolean isKafkaFailure(RuntimeException e) {
        return e instanceof StreamsException || e instanceof KafkaException && !(e instanceof SerializationException);
    }
}
