package dev.affectstreams.model.data;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a feature dataset into a {@link FeatureMatrix}. Every sample must carry the same
 * modalities from the same backbones (name, version, weights hash) with the same dimensions:
 * features of different backbones are never mixed.
 */
public final class FeatureMatrixLoader {

    private FeatureMatrixLoader() {
    }

    /** The matrix and the backbone of each modality. */
    public record Loaded(FeatureMatrix matrix, Map<Modality, BackboneId> backbones) {
    }

    /**
     * @param labels the label set targets are built for; null to load without targets
     *               (samples of another label set, or unlabelled samples, are then an error)
     */
    public static Loaded load(Path file, LabelSet labels) throws IOException {
        try (FeatureDatasetReader reader = new FeatureDatasetReader(file)) {
            return load(reader, file.toString(), labels);
        }
    }

    /** The same from samples held elsewhere (a replay buffer); {@code source} names them in errors. */
    public static Loaded load(Iterable<TrainingSample> samples, String source, LabelSet labels) throws IOException {
        Map<Modality, BackboneId> backbones = null;
        Map<Modality, FloatBuffer> values = new EnumMap<>(Modality.class);
        Map<Modality, Integer> dims = new EnumMap<>(Modality.class);
        FloatBuffer targets = labels == null ? null : new FloatBuffer();
        List<String> groups = new ArrayList<>();
        for (TrainingSample sample : samples) {
            Map<Modality, FeatureVector> vectors = byModality(sample);
            if (backbones == null) {
                backbones = new EnumMap<>(Modality.class);
                for (Map.Entry<Modality, FeatureVector> e : vectors.entrySet()) {
                    backbones.put(e.getKey(), e.getValue().getBackbone());
                    values.put(e.getKey(), new FloatBuffer());
                    dims.put(e.getKey(), e.getValue().getValues().size());
                }
            }
            check(source, sample, vectors, backbones, dims);
            vectors.forEach((m, v) -> values.get(m).addAll(v.getValues()));
            if (targets != null) {
                targets.addAll(target(source, sample, labels));
            }
            groups.add(sample.getCallId() + "/" + sample.getParticipantId());
        }
        if (backbones == null) {
            throw new IOException(source + " holds no samples");
        }
        Map<Modality, float[]> features = new EnumMap<>(Modality.class);
        values.forEach((m, buffer) -> features.put(m, buffer.toArray()));
        FeatureMatrix matrix = new FeatureMatrix(List.copyOf(backbones.keySet()), features, dims,
                targets == null ? null : targets.toArray(), labels == null ? 0 : labels.size(),
                groups.toArray(String[]::new));
        return new Loaded(matrix, backbones);
    }

    /** The sample's vectors by modality. */
    public static Map<Modality, FeatureVector> byModality(TrainingSample sample) {
        Map<Modality, FeatureVector> vectors = new EnumMap<>(Modality.class);
        for (FeatureVector v : sample.getFeatures()) {
            vectors.put(Modality.valueOf(v.getModality().name()), v);
        }
        return vectors;
    }

    private static void check(String file, TrainingSample sample, Map<Modality, FeatureVector> vectors,
                              Map<Modality, BackboneId> backbones, Map<Modality, Integer> dims)
            throws IOException {
        if (!vectors.keySet().equals(backbones.keySet())) {
            throw new IOException("sample " + sample.getSampleId() + " in " + file + " has modalities "
                    + vectors.keySet() + " where earlier samples have " + backbones.keySet());
        }
        for (Map.Entry<Modality, FeatureVector> e : vectors.entrySet()) {
            BackboneId expected = backbones.get(e.getKey());
            if (!e.getValue().getBackbone().equals(expected)) {
                throw new IOException("sample " + sample.getSampleId() + " in " + file + " has " + e.getKey().key()
                        + " features of backbone " + e.getValue().getBackbone() + " where earlier samples have "
                        + expected + "; features of different backbones are never mixed");
            }
            int dim = e.getValue().getValues().size();
            if (dim != dims.get(e.getKey()) || dim == 0) {
                throw new IOException("sample " + sample.getSampleId() + " in " + file + " has a " + e.getKey().key()
                        + " vector of dimension " + dim + " unlike earlier samples");
            }
        }
    }

    private static float[] target(String file, TrainingSample sample, LabelSet labels) throws IOException {
        if (sample.getLabels() == null || !labels.id().equals(sample.getLabelSet())) {
            throw new IOException("sample " + sample.getSampleId() + " in " + file + " is not labelled with "
                    + labels.id() + " (it has " + sample.getLabelSet() + ")");
        }
        return labels.target(sample.getLabels());
    }

    /** A growable float array. */
    private static final class FloatBuffer {
        private float[] data = new float[1024];
        private int size;

        void addAll(List<Float> values) {
            ensure(values.size());
            for (Float v : values) {
                data[size++] = v;
            }
        }

        void addAll(float[] values) {
            ensure(values.length);
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }

        private void ensure(int more) {
            if (size + more > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
            }
        }
    }
}
