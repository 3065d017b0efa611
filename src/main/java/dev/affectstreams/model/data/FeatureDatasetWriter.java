package dev.affectstreams.model.data;

import dev.affectstreams.avro.TrainingSample;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes a feature dataset: an Avro object container file of {@link TrainingSample} records
 * (schema embedded, deflate-compressed blocks), readable by any Avro tool.
 */
public final class FeatureDatasetWriter implements AutoCloseable {

    private final DataFileWriter<TrainingSample> writer;
    private long count;

    public FeatureDatasetWriter(Path file) throws IOException {
        writer = new DataFileWriter<>(new SpecificDatumWriter<>(TrainingSample.class));
        writer.setCodec(CodecFactory.deflateCodec(1));
        writer.create(TrainingSample.getClassSchema(), file.toFile());
    }

    public void append(TrainingSample sample) throws IOException {
        writer.append(sample);
        count++;
    }

    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
