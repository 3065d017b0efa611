package dev.affectstreams.model.data;

import dev.affectstreams.avro.TrainingSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/** Streams the samples of a feature dataset one at a time; memory use does not grow with the file. */
public final class FeatureDatasetReader implements Iterable<TrainingSample>, AutoCloseable {

    private final Path file;
    private final DataFileReader<TrainingSample> reader;

    public FeatureDatasetReader(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no feature dataset at " + file);
        }
        this.file = file;
        try {
            this.reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(TrainingSample.class));
        } catch (IOException | AvroRuntimeException e) {
            throw new IOException(file + " is not a feature dataset (an Avro container of TrainingSample): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Iterator<TrainingSample> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reader.hasNext();
            }

            @Override
            public TrainingSample next() {
                try {
                    return reader.next();
                } catch (AvroRuntimeException e) {
                    throw new IllegalStateException("corrupt sample in " + file + ": " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
