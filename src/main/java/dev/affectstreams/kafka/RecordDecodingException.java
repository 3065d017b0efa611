package dev.affectstreams.kafka;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not a readable record of the expected type; {@link #reason()} says why. */
public class RecordDecodingException extends SerializationException {

    /** Why decoding failed. */
    public enum Reason {
        /** Not Avro single-object encoding: the two marker bytes {@code C3 01} are missing. */
        BAD_HEADER,
        /** The schema fingerprint names no schema this reader knows (a newer or foreign writer). */
        UNKNOWN_SCHEMA,
        /** Header and schema are fine but the body is truncated or corrupt. */
        CORRUPT_BODY
    }

    private final Reason reason;

    public RecordDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
