package dev.affectstreams.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record was read: topic, partition and offset. Kept beside a chunk through the
 * stores, so a refusal at any later stage dead-letters it with its real origin.
 */
public record Provenance(String topic, int partition, long offset) {

    /** Unknown origin (a record written by a version that did not keep it). */
    public static final Provenance UNKNOWN = new Provenance("unknown", -1, -1);

    public static Provenance of(Optional<RecordMetadata> meta) {
        return meta.map(m -> new Provenance(m.topic(), m.partition(), m.offset())).orElse(UNKNOWN);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeUTF(topic);
        out.writeInt(partition);
        out.writeLong(offset);
    }

    public static Provenance read(DataInputStream in) throws IOException {
        return new Provenance(in.readUTF(), in.readInt(), in.readLong());
    }
}
