package dev.affectstreams.media;

/**
 * The reference's frame subsampling: indices {@code floor(linspace(0, n−1, count))}, with
 * {@code count = int(n · target / source)} for a clip; below the target rate the source
 * rate is kept.
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

    /** Indices that bring n frames at {@code sourceFps} to {@code targetFps} as the reference does for a clip. */
    public static int[] resample(int n, double sourceFps, double targetFps) {
        if (sourceFps <= targetFps) {
            return linspace(n, n);
        }
        return linspace(n, (int) (n * targetFps / sourceFps));
    }
}
