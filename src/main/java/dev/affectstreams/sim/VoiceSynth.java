package dev.affectstreams.sim;

import java.util.Random;

/**
 * A source-filter speech synthesizer of syllable-like sounds at 16 kHz: a glottal pulse train
 * (with jitter, shimmer and breath noise) through three formant resonators, consonant noise
 * bursts at syllable onsets, phrases separated by pauses, and room noise. The expression moves
 * pitch level and range, tempo, loudness, breathiness, harshness and pausing; the identity sets
 * the base pitch, vocal-tract size and speaking rate. Stateful: consecutive calls continue the
 * same stream.
 */
public final class VoiceSynth {

    public static final int SAMPLE_RATE = 16_000;

    private static final float[][] VOWELS = {
        {730, 1090, 2440}, {270, 2290, 3010}, {300, 870, 2240}, {530, 1840, 2480}, {570, 840, 2410}, {660, 1720, 2410}};

    private final ParticipantIdentity id;
    private final Random random;
    private final Resonator[] formants = {new Resonator(), new Resonator(), new Resonator()};
    private double phase;
    private double syllableLeft;
    private double syllableLength;
    private double pauseLeft;
    private int syllablesInPhrase;
    private double intonation;
    private float[] vowel = VOWELS[0];
    private float envelope;
    private float periodJitter = 1;
    private float periodShimmer = 1;

    public VoiceSynth(ParticipantIdentity id, Random random) {
        this.id = id;
        this.random = random;
        this.pauseLeft = 0.1 + 0.3 * random.nextDouble();
    }

    /** Prosody derived from an expression shown with a gain. */
    record Prosody(float pitch, float range, float tempo, float loudness, float breath, float harsh, float pause) {

        static Prosody of(Intensities x, float gain) {
            float h = x.get(Emotion.HAPPY) / 3 * gain;
            float s = x.get(Emotion.SAD) / 3 * gain;
            float a = x.get(Emotion.ANGER) / 3 * gain;
            float u = x.get(Emotion.SURPRISE) / 3 * gain;
            float d = x.get(Emotion.DISGUST) / 3 * gain;
            float f = x.get(Emotion.FEAR) / 3 * gain;
            return new Prosody(1 + 0.18f * h - 0.14f * s + 0.1f * a + 0.22f * u - 0.06f * d + 0.28f * f,
                    1 + 0.8f * h - 0.6f * s + 0.5f * a + 1.2f * u + 0.2f * f,
                    1 + 0.12f * h - 0.3f * s + 0.12f * a - 0.12f * d + 0.3f * f,
                    1 + 0.4f * h - 0.45f * s + 0.9f * a + 0.35f * u + 0.1f * f,
                    0.05f + 0.35f * s + 0.3f * f,
                    0.6f * a + 0.35f * d,
                    1 + 1.5f * s - 0.3f * a);
        }
    }

    /**
     * Renders {@code n} samples into {@code out} from {@code offset}.
     *
     * @return the mean vocal envelope over the block in [0, 1] (0 in pauses), which drives the
     *     talking mouth in the video
     */
    public float render(float[] out, int offset, int n, Intensities expression, float gain) {
        Prosody p = Prosody.of(expression, gain);
        double dt = 1.0 / SAMPLE_RATE;
        double envelopeSum = 0;
        for (int i = 0; i < n; i++) {
            advanceSyllable(dt, p);
            boolean voiced = pauseLeft <= 0;
            double position = syllableLength > 0 ? 1 - syllableLeft / syllableLength : 1;
            float target = voiced ? (float) Math.sin(Math.PI * Math.min(1, position * 1.1)) : 0;
            envelope += (target - envelope) * 0.004f;
            double f0 = id.f0() * p.pitch() * (1 + 0.12 * p.range() * intonation) * periodJitter;
            phase += f0 * dt;
            if (phase >= 1) {
                phase -= 1;
                periodJitter = 1 + (float) (random.nextGaussian() * (0.004 + 0.03 * p.harsh()));
                periodShimmer = 1 + (float) (random.nextGaussian() * (0.02 + 0.15 * p.harsh()));
            }
            double pulse = phase < 0.6 ? Math.sin(Math.PI * phase / 0.6) : -0.4 * Math.sin(Math.PI * (phase - 0.6) / 0.4);
            double source = pulse * periodShimmer * (1 - p.breath()) + random.nextGaussian() * 0.35 * p.breath();
            double burst = voiced && position < 0.08 ? random.nextGaussian() * 0.25 : 0;
            double shaped = source * envelope;
            for (Resonator r : formants) {
                shaped = r.filter(shaped);
            }
            double room = random.nextGaussian() * 0.004;
            out[offset + i] = (float) Math.max(-1, Math.min(1, 0.12 * p.loudness() * (shaped + burst * envelope) + room));
            envelopeSum += envelope;
        }
        return (float) (envelopeSum / n);
    }

    private void advanceSyllable(double dt, Prosody p) {
        if (pauseLeft > 0) {
            pauseLeft -= dt;
            return;
        }
        syllableLeft -= dt;
        if (syllableLeft > 0) {
            return;
        }
        if (syllablesInPhrase <= 0) {
            syllablesInPhrase = 3 + random.nextInt(8);
            pauseLeft = (0.15 + 0.45 * random.nextDouble()) * p.pause();
            intonation = 0.5;
            return;
        }
        syllablesInPhrase--;
        syllableLength = (0.7 + 0.6 * random.nextDouble()) / (id.syllableRate() * p.tempo());
        syllableLeft = syllableLength;
        vowel = VOWELS[random.nextInt(VOWELS.length)];
        intonation = intonation * 0.7 + (random.nextDouble() - 0.55);
        for (int k = 0; k < 3; k++) {
            formants[k].tune(vowel[k] * id.formantScale(), 70 + 30 * k);
        }
    }

    /** A two-pole resonator (Klatt style) with unit gain at its centre frequency. */
    private static final class Resonator {
        private double a = 1;
        private double b;
        private double c;
        private double y1;
        private double y2;

        void tune(double frequency, double bandwidth) {
            double t = 1.0 / SAMPLE_RATE;
            c = -Math.exp(-2 * Math.PI * bandwidth * t);
            b = 2 * Math.exp(-Math.PI * bandwidth * t) * Math.cos(2 * Math.PI * frequency * t);
            a = 1 - b - c;
        }

        double filter(double x) {
            double y = a * x + b * y1 + c * y2;
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
