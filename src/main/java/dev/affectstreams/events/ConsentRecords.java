package dev.affectstreams.events;

import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.kafka.AvroSerde;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Records of the compacted consent topic as they are read, which may be anything: a consent
 * record is valid when it decodes and names the participant of its key; a null value (a
 * tombstone) withdraws everything. Anything else is refused with a reason, and the live path
 * treats it as a withdrawal, so an unreadable record never grants what it cannot be read to say.
 */
public final class ConsentRecords {

    private static final AvroSerde<ConsentRecord> SERDE = AvroSerde.of(ConsentRecord.class);

    private ConsentRecords() {
    }

    /** A record read from the topic: the consent record, a tombstone (both null), or a refusal with its reason. */
    public record Read(ConsentRecord record, String refusal) {
    }

    /** Decodes and checks one record of the consent topic, once. */
    public static Read read(String key, byte[] value) {
        if (key == null) {
            return new Read(null, "a consent record without a key; consent is keyed callId/participantId");
        }
        if (value == null) {
            return new Read(null, null);
        }
        ConsentRecord c;
        try {
            c = SERDE.deserialize(null, value);
        } catch (RuntimeException e) {
            return new Read(null, e.getMessage());
        }
        String named = c.getCallId() + "/" + c.getParticipantId();
        return named.equals(key) ? new Read(c, null)
                : new Read(null, "key " + key + " does not match the consent record's participant " + named);
    }

    /** Why the record cannot be a consent record, or empty when it is one (or a tombstone). */
    public static Optional<String> refusal(String key, byte[] value) {
        return Optional.ofNullable(read(key, value).refusal());
    }

    /**
     * The serde of the global consent store: values are written by {@link ConsentStoreUpdater}
     * only, but one that cannot be read (a store restored from bytes this version does not know)
     * reads as no consent instead of failing every lookup.
     */
    public static Serde<ConsentRecord> storeSerde() {
        Deserializer<ConsentRecord> lenient = (topic, bytes) -> {
            try {
                return SERDE.deserialize(topic, bytes);
            } catch (RuntimeException e) {
                return null;
            }
        };
        return Serdes.serdeFrom(SERDE, lenient);
    }
}
