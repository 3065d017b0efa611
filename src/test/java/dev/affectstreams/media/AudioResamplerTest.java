package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioResamplerTest {

    @Test
    void shouldKeepDurationAndPitchWhenResamplingStereo44kHz() {
        int rate = 44_100;
        float[] stereo = new float[2 * rate];
        for (int i = 0; i < rate; i++) {
            float v = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
            stereo[2 * i] = v;
            stereo[2 * i + 1] = v;
        }

        float[] mono = AudioResampler.toMono16k(stereo, 2, rate);

        assertThat(mono.length).as("one second at 16 kHz").isBetween(15_800, 16_200);
        int crossings = 0;
        for (int i = 1000; i < 15_000; i++) {
            if (mono[i - 1] < 0 && mono[i] >= 0) {
                crossings++;
            }
        }
        assertThat(crossings).as("440 Hz over 0.875 s").isBetween(380, 390);
    }

    @Test
    void shouldPassThrough16kHzMono() {
        float[] x = {0.1f, 0.2f};

        assertThat(AudioResampler.toMono16k(x, 1, 16_000)).isSameAs(x);
    }
}
