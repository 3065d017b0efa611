package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.testing.SampleRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    static List<SpecificRecord> records() {
        return SampleRecords.all();
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRoundTripEveryRecord(SpecificRecord record) {
        AvroSerde serde = AvroSerde.of(record.getClass());

        byte[] bytes = serde.serialize("t", record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(record);
    }

    @Test
    void shouldMapNullToNullForTombstones() {
        AvroSerde<ConsentRecord> serde = AvroSerde.of(ConsentRecord.class);

        assertThat(serde.serialize("consent", null)).isNull();
        assertThat(serde.deserialize("consent", null)).isNull();
    }

    @Test
    void shouldRefuseBytesWithoutTheSingleObjectHeader() {
        AvroSerde<AudioChunk> serde = AvroSerde.of(AudioChunk.class);

        assertThatThrownBy(() -> serde.deserialize("av.audio", "{\"json\": true}".getBytes()))
                .isInstanceOfSatisfying(RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.BAD_HEADER))
                .hasMessageContaining("AudioChunk from topic av.audio");
    }

    @Test
    void shouldRefuseAnUnknownSchemaFingerprint() {
        Schema foreign = SchemaBuilder.record("AudioChunk").namespace("dev.affectstreams.avro").fields()
                .requiredString("somethingElse").endRecord();
        GenericRecord record = new GenericData.Record(foreign);
        record.put("somethingElse", "x");
        byte[] bytes = encode(foreign, record);

        assertThatThrownBy(() -> AvroSerde.of(AudioChunk.class).deserialize("av.audio", bytes))
                .isInstanceOfSatisfying(RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.UNKNOWN_SCHEMA))
                .hasMessageContaining("unknown schema fingerprint " + AvroSerde.fingerprintHex(foreign))
                .hasMessageContaining("this version reads " + AvroSerde.fingerprintHex(AudioChunk.getClassSchema()));
    }

    @Test
    void shouldShowFingerprintsInTheByteOrderRecordsCarry() {
        byte[] bytes = AvroSerde.of(AudioChunk.class).serialize("av.audio", SampleRecords.audio());
        StringBuilder written = new StringBuilder();
        for (int i = 2; i < 10; i++) {
            written.append(String.format("%02x", bytes[i] & 0xff));
        }

        assertThat(AvroSerde.fingerprintHex(AudioChunk.getClassSchema())).isEqualTo(written.toString());
    }

    @Test
    void shouldRefuseATruncatedBody() {
        AvroSerde<AudioChunk> serde = AvroSerde.of(AudioChunk.class);
        byte[] bytes = serde.serialize("av.audio", SampleRecords.audio());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 12);

        assertThatThrownBy(() -> serde.deserialize("av.audio", truncated))
                .isInstanceOfSatisfying(RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.CORRUPT_BODY));
    }

    @Test
    void shouldReadRecordsOfAnOlderReleasedSchema() {
        Schema older = SchemaBuilder.record("TranscriptSegment").namespace("dev.affectstreams.avro").fields()
                .requiredString("callId").requiredString("participantId").requiredLong("seq")
                .requiredLong("start").requiredLong("end").requiredString("text")
                .endRecord();
        GenericRecord old = new GenericData.Record(older);
        old.put("callId", "c");
        old.put("participantId", "p");
        old.put("seq", 3L);
        old.put("start", 3_000L);
        old.put("end", 3_500L);
        old.put("text", "hello");
        AvroSerde<TranscriptSegment> serde = new AvroSerde<>(TranscriptSegment.class, List.of(older));

        TranscriptSegment read = serde.deserialize("av.text", encode(older, old));

        assertThat(read.getText()).isEqualTo("hello");
        assertThat(read.getIsFinal()).isTrue();
        assertThat(read.getLanguage()).isNull();
        assertThatThrownBy(() -> AvroSerde.of(TranscriptSegment.class).deserialize("av.text", encode(older, old)))
                .isInstanceOf(RecordDecodingException.class);
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
