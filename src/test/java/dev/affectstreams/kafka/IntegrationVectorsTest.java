package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.FaceReading;
import dev.affectstreams.testing.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * docs/integration.md gives one byte-level test vector per record: the record (Avro's JSON
 * encoding) and the bytes the real serde writes for it (framing included). The test checks the
 * doc's vectors are what the serde writes, and that the serde reads each back to the record;
 * where the doc is out of date it writes the right section to target/integration-vectors.md.
 */
class IntegrationVectorsTest {

    private static final Path DOC = Path.of("docs", "integration.md");
    private static final String BEGIN = "<!-- vectors:begin (checked by IntegrationVectorsTest) -->\n";
    private static final String END = "<!-- vectors:end -->";

    /** The sample of every record, its maps in key order (a map's entries are written in iteration order). */
    static List<SpecificRecord> vectors() {
        List<SpecificRecord> out = new ArrayList<>();
        for (SpecificRecord r : SampleRecords.all()) {
            if (r instanceof ExpressionEvent e) {
                e.setScores(new TreeMap<>(e.getScores()));
                e.setFaceReading(sorted(e.getFaceReading()));
            } else if (r instanceof ExpressionState s) {
                s.setFaceReading(sorted(s.getFaceReading()));
            }
            out.add(r);
        }
        return out;
    }

    private static FaceReading sorted(FaceReading f) {
        f.setProbabilities(new TreeMap<>(f.getProbabilities()));
        return f;
    }

    static String section() throws IOException {
        StringBuilder s = new StringBuilder();
        for (SpecificRecord r : vectors()) {
            byte[] bytes = serde(r).serialize("topic", r);
            s.append("#### `").append(r.getSchema().getName()).append("` (").append(bytes.length)
                    .append(" bytes)\n\n```json\n").append(json(r)).append("\n```\n\n```\n").append(hex(bytes))
                    .append("```\n\n");
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static AvroSerde<SpecificRecord> serde(SpecificRecord r) {
        return (AvroSerde<SpecificRecord>) (AvroSerde<?>) AvroSerde.of(((SpecificRecordBase) r).getClass());
    }

    private static String json(SpecificRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(r.getSchema(), out, false);
        new SpecificDatumWriter<SpecificRecord>(r.getSchema()).write(r, encoder);
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** 16 bytes a line, space-separated. */
    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (int i = 0; i < bytes.length; i += 16) {
            s.append(hex.formatHex(bytes, i, Math.min(bytes.length, i + 16))).append('\n');
        }
        return s.toString();
    }

    @Test
    void shouldGiveTheBytesTheSerdeWritesForEveryRecord() throws IOException {
        String doc = Files.readString(DOC);
        String expected = section();
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        String actual = begin < 0 || end < begin ? "" : doc.substring(begin + BEGIN.length(), end);
        if (!actual.equals(expected)) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "integration-vectors.md"), BEGIN + expected + END + "\n");
        }
        assertThat(actual).as("the vectors of %s (the right section is in target/integration-vectors.md)", DOC)
                .isEqualTo(expected);
    }

    @Test
    void shouldReadEachVectorBackToItsRecord() throws IOException {
        String doc = Files.readString(DOC);
        Matcher blocks = Pattern.compile("#### `(\\w+)` \\((\\d+) bytes\\)\\n\\n```json\\n.*?\\n```\\n\\n```\\n(.*?)```",
                Pattern.DOTALL).matcher(doc);
        List<SpecificRecord> records = vectors();
        int i = 0;
        while (blocks.find()) {
            SpecificRecord record = records.get(i++);
            assertThat(blocks.group(1)).isEqualTo(record.getSchema().getName());
            byte[] bytes = HexFormat.of().parseHex(blocks.group(3).replaceAll("\\s", ""));
            assertThat(bytes).hasSize(Integer.parseInt(blocks.group(2)));
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            assertThat(serde(record).deserialize("topic", bytes)).isEqualTo(record);
        }
        assertThat(i).as("one vector per record").isEqualTo(records.size());
    }
}
