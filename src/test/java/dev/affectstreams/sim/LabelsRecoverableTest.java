package dev.affectstreams.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated media carry their labels: simple measures on the pixels and the waveform
 * follow the expression better than chance, while the identity does not predict it.
 */
class LabelsRecoverableTest {

    @Test
    void shouldShowValenceInTheMouthAndArousalInThePitch() {
        List<double[]> mouth = new ArrayList<>();
        List<double[]> pitch = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            SimulatedParticipant participant = new SimulatedParticipant("p" + p, 100 + p, 160, 120, 5);
            List<double[]> pitchOfParticipant = new ArrayList<>();
            for (int s = 0; s < 40; s++) {
                ParticipantSecond second = participant.next();
                Intensities x = second.labels();
                double valence = x.get(Emotion.HAPPY) - x.get(Emotion.SAD) - 0.5 * x.get(Emotion.DISGUST);
                double curvature = second.frames().stream().mapToDouble(LabelsRecoverableTest::mouthCurvature)
                        .filter(Double::isFinite).average().orElse(Double.NaN);
                if (Double.isFinite(curvature) && second.faceGain() > 0.5) {
                    mouth.add(new double[] {valence, curvature});
                }
                double f0 = medianPitch(second.audio());
                if (Double.isFinite(f0) && second.voiceGain() > 0.5) {
                    double arousal = x.get(Emotion.FEAR) + x.get(Emotion.SURPRISE) + x.get(Emotion.HAPPY)
                            - x.get(Emotion.SAD);
                    pitchOfParticipant.add(new double[] {arousal, f0});
                }
            }
            pitch.addAll(standardiseSecond(pitchOfParticipant));
        }

        assertThat(correlation(mouth)).as("valence vs mouth curvature over %d seconds", mouth.size())
                .isGreaterThan(0.3);
        assertThat(correlation(pitch)).as("arousal vs pitch over %d seconds", pitch.size()).isGreaterThan(0.3);
    }

    @Test
    void shouldNotLetTheIdentityPredictTheExpression() {
        List<double[]> pitchVsHappy = new ArrayList<>();
        List<double[]> glassesVsSad = new ArrayList<>();
        for (long seed = 0; seed < 80; seed++) {
            SimulatedParticipant p = new SimulatedParticipant("p", seed, 32, 24, 1);
            double happy = 0;
            double sad = 0;
            for (int t = 0; t < 300; t++) {
                happy += p.timeline().at(t).get(Emotion.HAPPY);
                sad += p.timeline().at(t).get(Emotion.SAD);
            }
            pitchVsHappy.add(new double[] {p.identity().f0(), happy});
            glassesVsSad.add(new double[] {p.identity().glasses() ? 1 : 0, sad});
        }

        assertThat(Math.abs(correlation(pitchVsHappy))).isLessThan(0.3);
        assertThat(Math.abs(correlation(glassesVsSad))).isLessThan(0.3);
    }

    /** How far the mouth's corners sit above the lips' mean height, from the dark-red lip pixels; NaN without a mouth. */
    static double mouthCurvature(BufferedImage frame) {
        List<int[]> lip = new ArrayList<>();
        for (int y = frame.getHeight() / 2; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                int rgb = frame.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 60 && r < 140 && g < 50 && b < 60 && r > 2 * g) {
                    lip.add(new int[] {x, y});
                }
            }
        }
        if (lip.size() < 10) {
            return Double.NaN;
        }
        int minX = lip.stream().mapToInt(p -> p[0]).min().getAsInt();
        int maxX = lip.stream().mapToInt(p -> p[0]).max().getAsInt();
        double span = maxX - minX;
        double corners = lip.stream().filter(p -> p[0] < minX + span * 0.1 || p[0] > maxX - span * 0.1)
                .mapToInt(p -> p[1]).average().orElse(0);
        double mean = lip.stream().mapToInt(p -> p[1]).average().orElse(0);
        return (mean - corners) / span;
    }

    /** Median autocorrelation pitch of the voiced 40 ms frames, NaN when none is voiced. */
    static double medianPitch(float[] audio) {
        List<Double> pitches = new ArrayList<>();
        int frame = 640;
        for (int start = 0; start + frame <= audio.length; start += frame) {
            double energy = 0;
            for (int i = start; i < start + frame; i++) {
                energy += audio[i] * audio[i];
            }
            if (energy / frame < 1e-4) {
                continue;
            }
            int bestLag = -1;
            double best = 0;
            for (int lag = 16_000 / 500; lag <= 16_000 / 70; lag++) {
                double sum = 0;
                for (int i = start; i + lag < start + frame; i++) {
                    sum += audio[i] * audio[i + lag];
                }
                if (sum > best) {
                    best = sum;
                    bestLag = lag;
                }
            }
            if (bestLag > 0 && best > 0.3 * energy) {
                pitches.add(16_000.0 / bestLag);
            }
        }
        if (pitches.isEmpty()) {
            return Double.NaN;
        }
        pitches.sort(Double::compare);
        return pitches.get(pitches.size() / 2);
    }

    /** The second column as z-scores: pitch relative to the participant's own voice. */
    private static List<double[]> standardiseSecond(List<double[]> rows) {
        double mean = rows.stream().mapToDouble(r -> r[1]).average().orElse(0);
        double sd = Math.sqrt(rows.stream().mapToDouble(r -> (r[1] - mean) * (r[1] - mean)).average().orElse(1));
        return rows.stream().map(r -> new double[] {r[0], (r[1] - mean) / (sd == 0 ? 1 : sd)}).toList();
    }

    static double correlation(List<double[]> pairs) {
        double n = pairs.size();
        double mx = pairs.stream().mapToDouble(p -> p[0]).sum() / n;
        double my = pairs.stream().mapToDouble(p -> p[1]).sum() / n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
