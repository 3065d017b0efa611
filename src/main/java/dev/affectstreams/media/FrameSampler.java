package dev.affectstreams.media;

/**
 * The reference's frame subsampling rule: indices {@code floor(linspace(0, n−1, count))}. Per
 * one-second chunk this takes the 1-fps frame (count 1) and the 16-frame window (count 16,
 * repeating frames below 16 fps, where the reference would keep a longer window).
 */
public final class FrameSampler {

    private FrameSampler() {
    }

    /** Evenly spread indices into n frames, first and last included; repeats when count > n. */
    public static int[] linspace(int n, int count) {
        if (n <= 0 || count <= 0) {
            return new int[0];
        }
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = count == 1 ? 0 : (int) Math.floor((double) i * (n - 1) / (count - 1));
        }
        return idx;
    }
}
