package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MelSpectrogramTest {

    private final MelSpectrogram mel = new MelSpectrogram(16_000);

    @Test
    void shouldPutAPureToneInItsBinWithTheWindowedEnergy() {
        // 1000 Hz lies exactly on FFT bin 128 (16000 / 2048 = 7.8125 Hz per bin).
        float amplitude = 0.5f;
        float[] tone = tone(1000, amplitude, 16_000);

        float[] power = mel.powerSpectrum(MelSpectrogram.reflectPad(tone, 1024), 50 * 160);

        int peak = argMax(power);
        assertThat(peak).isEqualTo(128);
        // A periodic Hann window sums to N/2, so the peak magnitude is A·N/4.
        assertThat((double) power[peak]).isCloseTo(Math.pow(amplitude * 2048 / 4.0, 2), within(0.01 * power[peak]));
    }

    @Test
    void shouldPutAPureToneInTheMelBandCentredNearIt() {
        float[][] m = mel.compute(tone(1000, 0.5f, 16_000));
        double[] centres = mel.centreFrequencies();
        int expected = 0;
        for (int i = 0; i < centres.length; i++) {
            if (Math.abs(centres[i] - 1000) < Math.abs(centres[expected] - 1000)) {
                expected = i;
            }
        }

        int band = 0;
        for (int b = 0; b < MelSpectrogram.MELS; b++) {
            if (m[b][50] > m[band][50]) {
                band = b;
            }
        }
        assertThat(band).isBetween(expected - 1, expected + 1);
        assertThat(m).hasNumberOfRows(128);
        assertThat(m[0]).hasSize(101);
    }

    @Test
    void shouldScaleAClipToTheUnitInterval() {
        float[][] scaled = MelSpectrogram.minMax(mel.compute(tone(440, 0.3f, 8000)));

        float min = 1;
        float max = 0;
        for (float[] row : scaled) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void shouldReflectWithoutRepeatingTheEdge() {
        float[] padded = MelSpectrogram.reflectPad(new float[] {1, 2, 3, 4}, 2);

        assertThat(padded).containsExactly(3, 2, 1, 2, 3, 4, 3, 2);
    }

    @Test
    void shouldStreamTheSameFramesAsTheWholeClipAcrossChunkBorders() {
        Random random = new Random(1);
        float[] clip = new float[3 * 16_000];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (Math.sin(i * 0.05) * 0.3 + random.nextGaussian() * 0.05);
        }
        float[][] whole = mel.compute(clip);

        StreamingMelSpectrogram streaming = new StreamingMelSpectrogram(new MelSpectrogram(16_000));
        float[][][] parts = new float[4][][];
        for (int c = 0; c < 3; c++) {
            parts[c] = streaming.push(Arrays.copyOfRange(clip, c * 16_000, (c + 1) * 16_000));
        }
        parts[3] = streaming.flush();

        int t = 0;
        for (float[][] part : parts) {
            for (int f = 0; f < part[0].length; f++, t++) {
                for (int m = 0; m < MelSpectrogram.MELS; m++) {
                    assertThat(part[m][f]).as("band %d frame %d", m, t).isCloseTo(whole[m][t], within(1e-3f * (1 + whole[m][t])));
                }
            }
        }
        assertThat(t).isEqualTo(whole[0].length);
        assertThat(parts[0][0].length).as("frames ready after the first second").isEqualTo(94);
    }

    static float[] tone(double hz, float amplitude, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return x;
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
