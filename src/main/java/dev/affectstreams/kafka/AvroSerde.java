package dev.affectstreams.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for a generated Avro record without a schema registry: Avro single-object encoding
 * ({@code C3 01}, 8-byte schema fingerprint, binary body). The reader knows the current schema
 * and every released version of it, so records written by older producers still decode.
 * Null bytes are null records (tombstones on compacted topics).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** The fingerprints it reads, as they appear in a record (current schema first). */
    private final List<String> known;

    public AvroSerde(Class<T> type, List<Schema> olderSchemas) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        olderSchemas.forEach(decoder::addSchema);
        List<String> fingerprints = new ArrayList<>();
        fingerprints.add(fingerprintHex(schema));
        olderSchemas.forEach(older -> fingerprints.add(fingerprintHex(older)));
        this.known = List.copyOf(new LinkedHashSet<>(fingerprints));
    }

    /**
     * A schema's CRC-64-AVRO fingerprint of its parsing canonical form, in hex as the 8 bytes
     * after {@code C3 01} of a single-object record (little-endian).
     */
    public static String fingerprintHex(Schema schema) {
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        StringBuilder hex = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", (fp >>> (8 * i)) & 0xff));
        }
        return hex.toString();
    }

    /** The record's own fingerprint bytes in hex, or what is there. */
    private static String writtenFingerprint(byte[] data) {
        StringBuilder hex = new StringBuilder(16);
        for (int i = 2; i < Math.min(10, data.length); i++) {
            hex.append(String.format("%02x", data[i] & 0xff));
        }
        return hex.toString();
    }

    /** A serde that reads the current schema and every released version in {@link SchemaHistory}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, SchemaHistory.releasedVersions(type.getSimpleName()));
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encoder.encode(data, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String what = type.getSimpleName() + (topic == null ? "" : " from topic " + topic);
        try {
            return decoder.decode(data);
        } catch (BadHeaderException e) {
            throw new RecordDecodingException(RecordDecodingException.Reason.BAD_HEADER,
                    "Cannot read " + what + ": not Avro single-object encoding (" + e.getMessage() + ")", e);
        } catch (MissingSchemaException e) {
            throw new RecordDecodingException(RecordDecodingException.Reason.UNKNOWN_SCHEMA,
                    "Cannot read " + what + ": unknown schema fingerprint " + writtenFingerprint(data)
                            + " (the 8 bytes after C3 01, hex); this version reads " + String.join(", ", known)
                            + " (current first): the writer used another schema, or computed its fingerprint "
                            + "from another canonical form", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | IllegalArgumentException | ClassCastException e) {
            throw new RecordDecodingException(RecordDecodingException.Reason.CORRUPT_BODY,
                    "Cannot read " + what + ": corrupt or truncated body (" + e + ")", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schema comes from the generated class
    }

    @Override
    public void close() {
        // stateless
    }
}
