package dev.affectstreams.media;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The reference's audio features, as torchaudio 0.12's {@code MelSpectrogram} computes them with
 * the reference's arguments: n_fft 2048, periodic Hann window of 2048, hop 160, power 2,
 * {@code center=True} with reflect padding, 128 HTK mel bands from 0 Hz to sr/2 without
 * normalisation, and no log. {@link #minMax} applies the reference's per-clip scaling to [0, 1].
 * Not thread-safe (it reuses its FFT buffers); use one per thread.
 */
public final class MelSpectrogram {

    public static final int N_FFT = 2048;
    public static final int HOP = 160;
    public static final int MELS = 128;

    private final int sampleRate;
    private final float[] window = new float[N_FFT];
    private final float[][] filterbank;
    /** Per mel band, the first and one past the last frequency bin of its triangle (elsewhere it is zero). */
    private final int[] bandStart = new int[MELS];
    private final int[] bandEnd = new int[MELS];
    private final FloatFFT_1D fft = new FloatFFT_1D(N_FFT);
    private final float[] buffer = new float[N_FFT];

    public MelSpectrogram(int sampleRate) {
        this.sampleRate = sampleRate;
        for (int n = 0; n < N_FFT; n++) {
            window[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / N_FFT));
        }
        this.filterbank = filterbank(N_FFT / 2 + 1, 0, sampleRate / 2.0, MELS, sampleRate);
        for (int m = 0; m < MELS; m++) {
            float[] w = filterbank[m];
            int start = 0;
            while (start < w.length && w[start] == 0) {
                start++;
            }
            int end = w.length;
            while (end > start && w[end - 1] == 0) {
                end--;
            }
            bandStart[m] = start;
            bandEnd[m] = end;
        }
    }

    /** Mel power of a whole clip, centred with reflect padding: [128][1 + n / 160]. */
    public float[][] compute(float[] samples) {
        return frames(reflectPad(samples, N_FFT / 2), 1 + samples.length / HOP);
    }

    /**
     * Mel power of {@code count} frames whose windows start every 160 samples from index 0 of
     * {@code padded} (so frame t covers padded[t·160, t·160 + 2048)).
     */
    public float[][] frames(float[] padded, int count) {
        float[][] mel = new float[MELS][count];
        for (int t = 0; t < count; t++) {
            float[] power = powerSpectrum(padded, t * HOP);
            for (int m = 0; m < MELS; m++) {
                float[] weights = filterbank[m];
                double sum = 0;
                for (int k = bandStart[m]; k < bandEnd[m]; k++) {
                    sum += weights[k] * power[k];
                }
                mel[m][t] = (float) sum;
            }
        }
        return mel;
    }

    /** |FFT|² of the windowed frame at {@code offset}: N_FFT/2 + 1 bins. */
    public float[] powerSpectrum(float[] signal, int offset) {
        for (int n = 0; n < N_FFT; n++) {
            buffer[n] = signal[offset + n] * window[n];
        }
        fft.realForward(buffer);
        float[] power = new float[N_FFT / 2 + 1];
        power[0] = buffer[0] * buffer[0];
        power[N_FFT / 2] = buffer[1] * buffer[1];
        for (int k = 1; k < N_FFT / 2; k++) {
            float re = buffer[2 * k];
            float im = buffer[2 * k + 1];
            power[k] = re * re + im * im;
        }
        return power;
    }

    /** The reference's per-clip scaling: (x − min) / (max − min); all zero when the clip is constant. */
    public static float[][] minMax(float[][] mel) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : mel) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max - min;
        float[][] out = new float[mel.length][];
        for (int m = 0; m < mel.length; m++) {
            out[m] = new float[mel[m].length];
            for (int t = 0; t < mel[m].length; t++) {
                out[m][t] = range > 0 ? (mel[m][t] - min) / range : 0f;
            }
        }
        return out;
    }

    /** torch.nn.functional.pad(mode='reflect'): mirror without repeating the edge sample. */
    public static float[] reflectPad(float[] x, int pad) {
        if (x.length <= pad) {
            throw new IllegalArgumentException("reflect padding of " + pad + " needs more than " + pad + " samples, got "
                    + x.length);
        }
        float[] out = new float[x.length + 2 * pad];
        System.arraycopy(x, 0, out, pad, x.length);
        for (int i = 0; i < pad; i++) {
            out[pad - 1 - i] = x[i + 1];
            out[pad + x.length + i] = x[x.length - 2 - i];
        }
        return out;
    }

    /** Centre frequency in Hz of each mel band (the peaks of the triangular filters). */
    public double[] centreFrequencies() {
        double[] centres = new double[MELS];
        double melMax = hzToMel(sampleRate / 2.0);
        for (int m = 0; m < MELS; m++) {
            centres[m] = melToHz(melMax * (m + 1) / (MELS + 1));
        }
        return centres;
    }

    /** torchaudio.functional.melscale_fbanks with norm=None and the HTK scale, as [mel][freq]. */
    static float[][] filterbank(int nFreqs, double fMin, double fMax, int nMels, int sampleRate) {
        double[] freqs = new double[nFreqs];
        for (int i = 0; i < nFreqs; i++) {
            freqs[i] = (sampleRate / 2.0) * i / (nFreqs - 1);
        }
        double mMin = hzToMel(fMin);
        double mMax = hzToMel(fMax);
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < fPts.length; i++) {
            fPts[i] = melToHz(mMin + (mMax - mMin) * i / (nMels + 1));
        }
        float[][] fb = new float[nMels][nFreqs];
        for (int m = 0; m < nMels; m++) {
            for (int k = 0; k < nFreqs; k++) {
                double down = (freqs[k] - fPts[m]) / (fPts[m + 1] - fPts[m]);
                double up = (fPts[m + 2] - freqs[k]) / (fPts[m + 2] - fPts[m + 1]);
                fb[m][k] = (float) Math.max(0, Math.min(down, up));
            }
        }
        return fb;
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10, mel / 2595.0) - 1.0);
    }
}
