package dev.affectstreams.model.backbone;

import dev.affectstreams.avro.BackboneId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A deliberately weak built-in text "backbone" so the three-modality path runs without a user
 * model: each word and word bigram of the transcript is hashed to one of {@code dim} buckets
 * with a hashed sign, and the token vectors are averaged (mean over tokens, as the reference
 * pools DistilRoBERTa). It knows no meaning; replace it with the emotion DistilRoBERTa
 * exported to TorchScript for real use.
 */
public final class HashedNgramText implements TextBackbone {

    /** The built-in's width: DistilRoBERTa's. */
    public static final int DIM = 768;

    public static final BackboneId ID = new BackboneId(HASHED_NGRAMS, "1", "none");

    private final int dim;

    public HashedNgramText(int dim) {
        this.dim = dim;
    }

    @Override
    public BackboneId id() {
        return ID;
    }

    @Override
    public int outputDim() {
        return dim;
    }

    @Override
    public float[][] embed(List<String> transcripts) {
        float[][] out = new float[transcripts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embed(transcripts.get(i));
        }
        return out;
    }

    @Override
    public void close() {
        // nothing held
    }

    /** The pooled vector of a transcript; all zero for an empty one. */
    public float[] embed(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+");
        List<String> tokens = new ArrayList<>();
        String previous = null;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            tokens.add(w);
            if (previous != null) {
                tokens.add(previous + " " + w);
            }
            previous = w;
        }
        float[] v = new float[dim];
        for (String token : tokens) {
            long h = hash(token);
            v[(int) (h % dim)] += ((h >>> 40) & 1) == 0 ? 1f : -1f;
        }
        if (!tokens.isEmpty()) {
            for (int i = 0; i < dim; i++) {
                v[i] /= tokens.size();
            }
        }
        return v;
    }

    private static long hash(String token) {
        CRC32 a = new CRC32();
        a.update(token.getBytes(StandardCharsets.UTF_8));
        CRC32 b = new CRC32();
        b.update(("#" + token).getBytes(StandardCharsets.UTF_8));
        return (a.getValue() << 32 | b.getValue()) & Long.MAX_VALUE;
    }
}
