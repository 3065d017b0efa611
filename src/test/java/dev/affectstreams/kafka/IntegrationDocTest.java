package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/integration.md gives every record's fingerprint as the serde writes it. */
class IntegrationDocTest {

    @Test
    void shouldListTheFingerprintOfEveryRecordTheTopicsCarry() throws IOException {
        String doc = Files.readString(Path.of("docs", "integration.md"));
        for (Schema schema : List.of(AudioChunk.getClassSchema(), VideoChunk.getClassSchema(),
                TranscriptSegment.getClassSchema(), ConsentRecord.getClassSchema(), ExpressionEvent.getClassSchema(),
                ExpressionState.getClassSchema(), TrainingSample.getClassSchema(), LabelFeedback.getClassSchema(),
                ModelRelease.getClassSchema(), ErrorRecord.getClassSchema())) {
            assertThat(doc).as(schema.getName())
                    .contains("| `" + schema.getName() + "` | `" + AvroSerde.fingerprintHex(schema) + "` |");
        }
    }

    @Test
    void shouldWriteABundleWhoseEveryFileParsesAlone(@TempDir Path dir) throws IOException {
        SchemaBundle.write(dir);
        String fingerprints = Files.readString(dir.resolve("fingerprints.json"));
        assertThat(SchemaBundle.records()).hasSize(10);
        for (var e : SchemaBundle.records().entrySet()) {
            // a fresh parser knows no other type: the file must define every one it uses
            Schema parsed = new Schema.Parser().parse(dir.resolve(e.getKey() + ".avsc").toFile());
            assertThat(parsed).isEqualTo(e.getValue());
            assertThat(fingerprints).contains("\"" + e.getKey() + "\": \"" + AvroSerde.fingerprintHex(parsed) + "\"");
        }
    }
}
