package dev.affectstreams.inference;

import dev.affectstreams.model.Modality;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * A participant's most recent chunk features, at most {@code capacity} slots, and whether a face
 * was found in each. The classifier was trained on clip averages, so events are computed on the
 * per-modality mean over the window; a modality counts only where chunks had it.
 */
final class FeatureWindow {

    /** Marks the stored format with face flags; the older format starts with the entry count (never negative). */
    private static final int FORMAT_WITH_FACES = -2;

    private record Entry(long seq, Map<Modality, float[]> vectors, boolean face) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    FeatureWindow(int capacity) {
        this.capacity = capacity;
    }

    void add(long seq, Map<Modality, float[]> vectors, boolean face) {
        entries.addLast(new Entry(seq, vectors, face));
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    int size() {
        return entries.size();
    }

    /** How many of the window's chunks had a face found in them. */
    int faces() {
        return (int) entries.stream().filter(Entry::face).count();
    }

    /** Mean vector per modality over the slots that had it. */
    Map<Modality, float[]> averages() {
        Map<Modality, float[]> sums = new EnumMap<>(Modality.class);
        Map<Modality, Integer> counts = new EnumMap<>(Modality.class);
        for (Entry e : entries) {
            e.vectors().forEach((m, v) -> {
                float[] sum = sums.computeIfAbsent(m, k -> new float[v.length]);
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
                counts.merge(m, 1, Integer::sum);
            });
        }
        sums.forEach((m, sum) -> {
            int n = counts.get(m);
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= n;
            }
        });
        return sums;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_WITH_FACES);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeLong(e.seq());
                out.writeBoolean(e.face());
                out.writeInt(e.vectors().size());
                for (Map.Entry<Modality, float[]> v : e.vectors().entrySet()) {
                    out.writeByte(v.getKey().ordinal());
                    out.writeInt(v.getValue().length);
                    for (float x : v.getValue()) {
                        out.writeFloat(x);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A stored window; one written before face flags counts every chunk with video as having a face. */
    static FeatureWindow fromBytes(byte[] data, int capacity) {
        FeatureWindow w = new FeatureWindow(capacity);
        if (data == null) {
            return w;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int first = in.readInt();
            boolean flagged = first == FORMAT_WITH_FACES;
            int n = flagged ? in.readInt() : first;
            for (int i = 0; i < n; i++) {
                long seq = in.readLong();
                Boolean face = flagged ? in.readBoolean() : null;
                int m = in.readInt();
                Map<Modality, float[]> vectors = new EnumMap<>(Modality.class);
                for (int j = 0; j < m; j++) {
                    Modality modality = Modality.values()[in.readByte()];
                    float[] v = new float[in.readInt()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = in.readFloat();
                    }
                    vectors.put(modality, v);
                }
                w.add(seq, vectors, face != null ? face : vectors.containsKey(Modality.VIDEO));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w;
    }
}
