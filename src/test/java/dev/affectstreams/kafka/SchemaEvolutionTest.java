package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.testing.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The fields added for face readings and declared absent modalities, by the schema-evolution
 * rules: a record written by a producer of the first released version (single-object encoded
 * with that version's fingerprint) reads with the defaults (no face reading, face count unknown,
 * audio and video expected), and a record of the current version keeps them.
 */
class SchemaEvolutionTest {

    @Test
    void shouldReadAnEventOfTheFirstVersionWithoutAFaceReading() throws IOException {
        ExpressionEvent read = AvroSerde.of(ExpressionEvent.class).deserialize("expressions",
                writtenByVersion1(SampleRecords.expressionEvent()));

        assertThat(read.getFaceReading()).isNull();
        assertThat(read.getFaceChunks()).isNull();
        assertThat(read.getScores()).isEqualTo(SampleRecords.expressionEvent().getScores());
        assertThat(read.getDominantLabel()).isEqualTo("happy");
    }

    @Test
    void shouldReadAStateOfTheFirstVersionWithoutAFaceReading() throws IOException {
        ExpressionState read = AvroSerde.of(ExpressionState.class).deserialize("expression-state",
                writtenByVersion1(SampleRecords.expressionState()));

        assertThat(read.getFaceReading()).isNull();
        assertThat(read.getLabel()).isEqualTo("happy");
    }

    @Test
    void shouldExpectBothModalitiesFromChunksOfTheFirstVersion() throws IOException {
        VideoChunk video = AvroSerde.of(VideoChunk.class).deserialize("av.video",
                writtenByVersion1(SampleRecords.video()));
        AudioChunk audio = AvroSerde.of(AudioChunk.class).deserialize("av.audio",
                writtenByVersion1(SampleRecords.audio()));

        assertThat(video.getAudioAbsent()).isFalse();
        assertThat(audio.getVideoAbsent()).isFalse();
    }

    @Test
    void shouldKeepTheNewFieldsThroughTheCurrentVersion() {
        AvroSerde<ExpressionEvent> serde = AvroSerde.of(ExpressionEvent.class);
        ExpressionEvent event = SampleRecords.expressionEvent();

        ExpressionEvent read = serde.deserialize("expressions", serde.serialize("expressions", event));

        assertThat(read.getFaceReading()).isEqualTo(SampleRecords.faceReading());
        assertThat(read.getFaceChunks()).isEqualTo(3);
        assertThat(SchemaHistory.releasedVersions("ExpressionEvent")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(SchemaNormalization.parsingFingerprint64(SchemaHistory.releasedVersions("ExpressionEvent").get(1)))
                .as("the latest released version is the current schema")
                .isEqualTo(SchemaNormalization.parsingFingerprint64(ExpressionEvent.getClassSchema()));
    }

    /** The record as a producer of version 1 writes it: that version's fields, its fingerprint. */
    private static byte[] writtenByVersion1(SpecificRecord current) throws IOException {
        Schema v1 = SchemaHistory.releasedVersions(current.getSchema().getName()).get(0);
        // through the generic model: the current record re-read with the old schema drops the new fields
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new SpecificDatumWriter<SpecificRecord>(current.getSchema()).write(current, encoder);
        encoder.flush();
        GenericRecord old = new GenericDatumReader<GenericRecord>(current.getSchema(), v1, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(body.toByteArray(), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        long fingerprint = SchemaNormalization.parsingFingerprint64(v1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)));
        }
        BinaryEncoder oldEncoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, oldEncoder);
        oldEncoder.flush();
        return out.toByteArray();
    }
}
