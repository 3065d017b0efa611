package dev.affectstreams.kafka;

import dev.affectstreams.avro.ErrorRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;

/**
 * An input refused at some stage, with what the dead-letter topic keeps of it: where it was
 * read (topic, partition, offset), its key and value bytes as read, and its timestamp. Every
 * dead letter of the product is made here.
 */
public record DeadLetter(Provenance from, byte[] key, byte[] value, long timestampMs) {

    public DeadLetter {
        from = from == null ? Provenance.UNKNOWN : from;
    }

    /** A record as a consumer read it. */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> r) {
        return new DeadLetter(new Provenance(r.topic(), r.partition(), r.offset()), r.key(), r.value(), r.timestamp());
    }

    /** A record with a text key (UTF-8, as every per-participant topic is keyed); null key or value allowed. */
    public static DeadLetter of(Provenance from, String key, byte[] value, long timestampMs) {
        return new DeadLetter(from, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, timestampMs);
    }

    /** The dead-letter record's key: the original key bytes. */
    public Bytes dlqKey() {
        return key == null ? null : Bytes.wrap(key);
    }

    /**
     * The error record for the dead-letter topic.
     *
     * @param cause the exception behind the refusal, or null
     */
    public ErrorRecord refused(String stage, String reason, Throwable cause, long nowMs, String applicationId) {
        return ErrorRecord.newBuilder().setSourceTopic(from.topic()).setSourcePartition(from.partition())
                .setSourceOffset(from.offset()).setStage(stage).setReason(String.valueOf(reason))
                .setErrorClass(cause == null ? null : cause.getClass().getName())
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setOriginalTimestamp(Instant.ofEpochMilli(timestampMs)).setOccurredAt(Instant.ofEpochMilli(nowMs))
                .setApplicationId(applicationId).build();
    }
}
