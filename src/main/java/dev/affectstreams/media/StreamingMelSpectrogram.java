package dev.affectstreams.media;

import java.util.Arrays;

/**
 * The mel spectrogram of an endless stream fed in chunks, equal frame for frame to
 * {@link MelSpectrogram#compute} over the concatenated stream: the stream's start is reflect
 * padded, and a frame is emitted once its whole window (±1024 samples, 64 ms at 16 kHz) has
 * arrived, so the samples near a chunk's end wait for the next chunk. {@link #flush} reflect
 * pads the stream's end. One instance per participant stream; not thread-safe.
 */
public final class StreamingMelSpectrogram {

    private static final int HALF = MelSpectrogram.N_FFT / 2;

    private final MelSpectrogram mel;
    private float[] pending = new float[0];
    private long framesEmitted;
    private boolean started;
    private float[] lastSamples = new float[0];
    private long totalSamples;

    public StreamingMelSpectrogram(MelSpectrogram mel) {
        this.mel = mel;
    }

    /** Adds samples; returns the frames completed by them, [128][n] (n may be 0). */
    public float[][] push(float[] samples) {
        totalSamples += samples.length;
        lastSamples = concat(lastSamples, samples);
        if (lastSamples.length > MelSpectrogram.N_FFT) {
            lastSamples = Arrays.copyOfRange(lastSamples, lastSamples.length - MelSpectrogram.N_FFT, lastSamples.length);
        }
        if (!started) {
            if (pending.length + samples.length <= HALF) {
                pending = concat(pending, samples);
                return new float[MelSpectrogram.MELS][0];
            }
            float[] first = concat(pending, samples);
            float[] head = new float[HALF];
            for (int i = 0; i < HALF; i++) {
                head[HALF - 1 - i] = first[i + 1];
            }
            pending = concat(head, first);
            started = true;
        } else {
            pending = concat(pending, samples);
        }
        return drain(pending.length);
    }

    /** Ends the stream: reflect pads its end and returns the remaining frames. */
    public float[][] flush() {
        if (!started) {
            throw new IllegalStateException("the stream is shorter than the reflect padding of " + HALF + " samples");
        }
        float[] tail = new float[HALF];
        int n = lastSamples.length;
        for (int i = 0; i < HALF; i++) {
            tail[i] = lastSamples[n - 2 - i];
        }
        pending = concat(pending, tail);
        long total = 1 + totalSamples / MelSpectrogram.HOP;
        return drain(pending.length, total - framesEmitted);
    }

    private float[][] drain(int available) {
        return drain(available, Long.MAX_VALUE);
    }

    private float[][] drain(int available, long limit) {
        int count = (int) Math.min(limit, available < MelSpectrogram.N_FFT ? 0
                : (available - MelSpectrogram.N_FFT) / MelSpectrogram.HOP + 1);
        float[][] frames = mel.frames(pending, count);
        framesEmitted += count;
        int consumed = count * MelSpectrogram.HOP;
        pending = Arrays.copyOfRange(pending, consumed, pending.length);
        return frames;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
