package dev.affectstreams.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedParticipantTest {

    @Test
    void shouldProduceTheSameBytesFromTheSameSeed() {
        ParticipantSecond a = new SimulatedParticipant("p", 42, 160, 120, 8).next();
        ParticipantSecond b = new SimulatedParticipant("p", 42, 160, 120, 8).next();

        assertThat(a.audio()).containsExactly(b.audio());
        for (int i = 0; i < a.frames().size(); i++) {
            assertThat(pixels(a, i)).containsExactly(pixels(b, i));
        }
        assertThat(a.labels()).isEqualTo(b.labels());
    }

    @Test
    void shouldGiveDifferentSeedsDifferentIdentities() {
        List<ParticipantIdentity> ids = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            ids.add(new SimulatedParticipant("p", seed, 64, 48, 4).identity());
        }

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.stream().map(ParticipantIdentity::skin).distinct().count()).isGreaterThan(10);
        assertThat(ids.stream().mapToDouble(ParticipantIdentity::f0).max().getAsDouble()
                - ids.stream().mapToDouble(ParticipantIdentity::f0).min().getAsDouble()).isGreaterThan(50);
    }

    @Test
    void shouldDeliverOneSecondOfFramesAndAudio() {
        ParticipantSecond s = new SimulatedParticipant("p", 1, 160, 120, 25).next();

        assertThat(s.frames()).hasSize(25);
        assertThat(s.frameOffsetsMicros()).startsWith(0L, 40_000L).endsWith(960_000L);
        assertThat(s.audio()).hasSize(16_000);
        float peak = 0;
        for (float v : s.audio()) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertThat(peak).isBetween(0.01f, 1f);
    }

    @Test
    void shouldDrawSegmentsOfPlausibleLengthCoveringAllEmotions() {
        ExpressionTimeline timeline = new ExpressionTimeline(new Random(3));
        Set<Emotion> seen = EnumSet.noneOf(Emotion.class);
        int neutral = 0;
        for (double t = 0; t < 600; t += 1) {
            ExpressionTimeline.Segment s = timeline.segmentAt(t);
            assertThat(s.end() - s.start()).isBetween(2.0, 8.0);
            for (Emotion e : Emotion.values()) {
                if (s.target().get(e) > 0) {
                    seen.add(e);
                }
            }
            neutral += s.target().neutral() ? 1 : 0;
        }

        assertThat(seen).containsExactlyInAnyOrder(Emotion.values());
        assertThat(neutral).isBetween(100, 350);
    }

    static byte[] pixels(ParticipantSecond s, int frame) {
        return ((DataBufferByte) s.frames().get(frame).getRaster().getDataBuffer()).getData();
    }
}
