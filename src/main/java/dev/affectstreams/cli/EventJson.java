package dev.affectstreams.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** A record in Avro's JSON encoding, on one line (unions as {"type": value}, timestamps in epoch millis). */
final class EventJson {

    private EventJson() {
    }

    static String of(SpecificRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), bytes, false);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + record.getSchema().getName() + " as JSON", e);
        }
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }
}
