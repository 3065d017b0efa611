package dev.affectstreams.bench;

import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureMatrix;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded feature-level world with a known latent class, to test whether self-supervision
 * learns: each clip has a class (shared by all modalities, scaled by an intensity), a
 * participant identity (a strong modality-specific part and a weak part shared across
 * modalities) and per-clip nuisance; each modality sees them through its own random
 * two-layer nonlinear map, plus noise, as non-negative features like pooled backbone outputs.
 * A test instrument: results on it are not accuracy on real people.
 */
public final class SyntheticFeatureWorld {

    public static final LabelSet LABELS = new LabelSet("synthetic-6@1",
            List.of("class0", "class1", "class2", "class3", "class4", "class5"), false, List.of());
    public static final Map<Modality, Integer> DIMS = Map.of(Modality.VIDEO, 64, Modality.AUDIO, 48, Modality.TEXT, 32);

    private static final int LATENT = 8;
    private static final int IDENTITY = 16;
    private static final int SHARED_IDENTITY = 4;
    private static final int NUISANCE = 8;
    private static final int HIDDEN = 64;

    private final Random random;
    private final float[][] prototypes;
    private final Map<Modality, float[][]> first = new EnumMap<>(Modality.class);
    private final Map<Modality, float[][]> second = new EnumMap<>(Modality.class);

    public SyntheticFeatureWorld(long seed) {
        this.random = new Random(seed);
        this.prototypes = gaussian(LABELS.size(), LATENT, 1.0);
        int in = LATENT + IDENTITY + SHARED_IDENTITY + NUISANCE;
        for (Modality m : Modality.values()) {
            first.put(m, gaussian(HIDDEN, in, 1.0 / Math.sqrt(in)));
            second.put(m, gaussian(DIMS.get(m), HIDDEN, 1.0 / Math.sqrt(HIDDEN)));
        }
    }

    /** Clips of {@code participants} new participants, classes drawn uniformly; targets one-hot. */
    public FeatureMatrix sample(int clips, int participants) {
        Map<Modality, float[][]> identity = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            identity.put(m, gaussian(participants, IDENTITY, 2.0));
        }
        float[][] shared = gaussian(participants, SHARED_IDENTITY, 1.0);
        Map<Modality, float[]> features = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            features.put(m, new float[clips * DIMS.get(m)]);
        }
        float[] targets = new float[clips * LABELS.size()];
        String[] groups = new String[clips];
        for (int i = 0; i < clips; i++) {
            int p = random.nextInt(participants);
            int cls = random.nextInt(LABELS.size());
            double intensity = 0.5 + random.nextDouble();
            groups[i] = "synthetic/p" + p;
            targets[i * LABELS.size() + cls] = 1f;
            for (Modality m : Modality.values()) {
                float[] z = latent(prototypes[cls], intensity, identity.get(m)[p], shared[p]);
                float[] x = view(m, z);
                System.arraycopy(x, 0, features.get(m), i * x.length, x.length);
            }
        }
        return new FeatureMatrix(List.of(Modality.values()), features, DIMS, targets, LABELS.size(), groups);
    }

    private float[] latent(float[] prototype, double intensity, float[] identity, float[] shared) {
        float[] z = new float[LATENT + IDENTITY + SHARED_IDENTITY + NUISANCE];
        int k = 0;
        for (float v : prototype) {
            z[k++] = (float) (intensity * v + 0.3 * random.nextGaussian());
        }
        for (float v : identity) {
            z[k++] = v;
        }
        for (float v : shared) {
            z[k++] = v;
        }
        while (k < z.length) {
            z[k++] = (float) random.nextGaussian();
        }
        return z;
    }

    private float[] view(Modality m, float[] z) {
        float[][] w1 = first.get(m);
        float[][] w2 = second.get(m);
        float[] h = new float[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            double s = 0;
            for (int j = 0; j < z.length; j++) {
                s += w1[i][j] * z[j];
            }
            h[i] = (float) Math.tanh(s);
        }
        float[] x = new float[w2.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int j = 0; j < HIDDEN; j++) {
                s += w2[i][j] * h[j];
            }
            x[i] = (float) Math.max(0, s + 0.1 * random.nextGaussian());
        }
        return x;
    }

    private float[][] gaussian(int rows, int cols, double scale) {
        float[][] a = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = (float) (random.nextGaussian() * scale);
            }
        }
        return a;
    }
}
