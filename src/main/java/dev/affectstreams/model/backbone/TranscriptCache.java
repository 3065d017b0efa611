package dev.affectstreams.model.backbone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text features of recent transcripts, so a transcript is encoded once and not every second:
 * a participant's transcript so far changes only when a caption ends, while its chunks come every
 * second. Least recently used entries are dropped beyond the capacity. Not thread-safe: one per
 * extractor, as extractors are per thread.
 */
final class TranscriptCache {

    private final TextBackbone backbone;
    private final Map<String, float[]> entries;
    private long hits;
    private long misses;

    TranscriptCache(TextBackbone backbone, int capacity) {
        this.backbone = backbone;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** One vector per transcript; only those not cached go to the backbone, in one batch. */
    float[][] embed(List<String> transcripts) {
        Map<String, Integer> missing = new HashMap<>();
        List<String> batch = new ArrayList<>();
        for (String t : transcripts) {
            if (!entries.containsKey(t) && !missing.containsKey(t)) {
                missing.put(t, batch.size());
                batch.add(t);
            }
        }
        float[][] fresh = batch.isEmpty() ? new float[0][] : backbone.embed(batch);
        float[][] out = new float[transcripts.size()][];
        for (int i = 0; i < out.length; i++) {
            String t = transcripts.get(i);
            Integer row = missing.get(t);
            out[i] = (row != null ? fresh[row] : entries.get(t)).clone();
        }
        for (Map.Entry<String, Integer> e : missing.entrySet()) {
            entries.put(e.getKey(), fresh[e.getValue()]);
        }
        hits += transcripts.size() - batch.size();
        misses += batch.size();
        return out;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
