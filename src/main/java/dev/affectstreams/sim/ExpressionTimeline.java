package dev.affectstreams.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A participant's expressions over time: consecutive segments of neutral or of one emotion,
 * sometimes blended with a second, each with an intensity, a duration of 2–8 s and a 0.4 s
 * onset from the previous segment. Each segment also says how strongly face and voice show it:
 * modalities agree only statistically, and some segments have an expressive face and a flat
 * voice or the reverse. Drawn from its own random stream, independent of the identity.
 */
public final class ExpressionTimeline {

    static final double ONSET_SECONDS = 0.4;

    /** One segment: [start, end) seconds, target intensities and the gain of each modality. */
    public record Segment(double start, double end, Intensities target, float faceGain, float voiceGain) {
    }

    private final List<Segment> segments = new ArrayList<>();
    private final Random random;

    public ExpressionTimeline(Random random) {
        this.random = random;
    }

    /** The expression at time t (seconds), with the onset ramp from the previous segment. */
    public Intensities at(double t) {
        Segment current = segmentAt(t);
        int index = segments.indexOf(current);
        double since = t - current.start();
        if (index == 0 || since >= ONSET_SECONDS) {
            return current.target();
        }
        return Intensities.mix(segments.get(index - 1).target(), current.target(), (float) (since / ONSET_SECONDS));
    }

    public Segment segmentAt(double t) {
        while (segments.isEmpty() || segments.get(segments.size() - 1).end() <= t) {
            segments.add(next(segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end()));
        }
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).start() <= t) {
                return segments.get(i);
            }
        }
        return segments.get(0);
    }

    private Segment next(double start) {
        double duration = 2 + 6 * random.nextDouble();
        Intensities target;
        if (random.nextDouble() < 0.35) {
            target = Intensities.NEUTRAL;
        } else {
            Map<Emotion, Float> values = new EnumMap<>(Emotion.class);
            Emotion main = Emotion.values()[random.nextInt(Emotion.values().length)];
            values.put(main, 1f + 2f * random.nextFloat());
            if (random.nextDouble() < 0.2) {
                Emotion second = Emotion.values()[random.nextInt(Emotion.values().length)];
                if (second != main) {
                    values.put(second, 0.3f + 0.9f * random.nextFloat());
                }
            }
            target = Intensities.of(values);
        }
        float face = gain();
        float voice = gain();
        return new Segment(start, start + duration, target, face, voice);
    }

    /** Mostly expressive (0.7–1.2), sometimes flat (0–0.2). */
    private float gain() {
        return random.nextDouble() < 0.15 ? 0.2f * random.nextFloat() : 0.7f + 0.5f * random.nextFloat();
    }
}
