package dev.affectstreams.sim;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A participant of a simulated call: an identity, an expression timeline, and independent
 * random streams for nuisances, voice and camera noise, all derived from one seed. Produces
 * consecutive seconds of frames and audio with their ground truth.
 */
public final class SimulatedParticipant {

    private static final int AUDIO_BLOCK = 160;

    private final String id;
    private final ParticipantIdentity identity;
    private final ExpressionTimeline timeline;
    private final FaceRenderer renderer;
    private final VoiceSynth voice;
    private final Random nuisance;
    private final Random cameraNoise;
    private final int fps;
    private final double motionPhase;
    private double nextBlink;
    private long seq;

    public SimulatedParticipant(String id, long seed, int width, int height, int fps) {
        this.id = id;
        Random root = new Random(seed);
        this.identity = ParticipantIdentity.random(new Random(root.nextLong()));
        this.timeline = new ExpressionTimeline(new Random(root.nextLong()));
        this.nuisance = new Random(root.nextLong());
        this.voice = new VoiceSynth(identity, new Random(root.nextLong()));
        this.cameraNoise = new Random(root.nextLong());
        this.renderer = new FaceRenderer(width, height, identity);
        this.fps = fps;
        this.motionPhase = nuisance.nextDouble() * 2 * Math.PI;
        this.nextBlink = 1 + 4 * nuisance.nextDouble();
    }

    public String id() {
        return id;
    }

    public ParticipantIdentity identity() {
        return identity;
    }

    public ExpressionTimeline timeline() {
        return timeline;
    }

    /** The next second. */
    public ParticipantSecond next() {
        long s = seq++;
        float[] audio = new float[VoiceSynth.SAMPLE_RATE];
        int blocks = VoiceSynth.SAMPLE_RATE / AUDIO_BLOCK;
        float[] envelope = new float[blocks];
        List<Intensities> perBlock = new ArrayList<>(blocks);
        ExpressionTimeline.Segment segment = timeline.segmentAt(s + 0.5);
        for (int b = 0; b < blocks; b++) {
            double t = s + (double) b * AUDIO_BLOCK / VoiceSynth.SAMPLE_RATE;
            Intensities x = timeline.at(t);
            perBlock.add(x);
            envelope[b] = voice.render(audio, b * AUDIO_BLOCK, AUDIO_BLOCK, x, timeline.segmentAt(t).voiceGain());
        }
        boolean blurred = nuisance.nextDouble() < 0.05;
        float occlusion = nuisance.nextDouble() < 0.03 ? 0.5f + 0.5f * nuisance.nextFloat() : 0f;
        List<BufferedImage> frames = new ArrayList<>(fps);
        long[] offsets = new long[fps];
        for (int f = 0; f < fps; f++) {
            double t = s + (double) f / fps;
            offsets[f] = Math.round(1e6 * f / fps);
            int block = Math.min(blocks - 1, (int) ((double) f / fps * blocks));
            frames.add(renderer.render(face(t, envelope[block], blurred, occlusion), cameraNoise));
        }
        return new ParticipantSecond(id, s, frames, offsets, audio, Intensities.mean(perBlock), segment.faceGain(),
                segment.voiceGain());
    }

    private FaceState face(double t, float talking, boolean blurred, float occlusion) {
        FaceState e = FaceState.expressive(timeline.at(t), timeline.segmentAt(t).faceGain());
        float jitter = (float) (nuisance.nextGaussian() * 0.03);
        float eye = e.eyeOpen();
        if (t >= nextBlink) {
            eye = -1.4f;
            if (t >= nextBlink + 0.15) {
                nextBlink = t + 2 + 4 * nuisance.nextDouble();
            }
        }
        float dx = (float) (0.025 * Math.sin(2 * Math.PI * 0.23 * t + motionPhase));
        float dy = (float) (0.015 * Math.sin(2 * Math.PI * 0.31 * t + 2 * motionPhase));
        float roll = (float) (0.06 * Math.sin(2 * Math.PI * 0.17 * t + 3 * motionPhase));
        float light = (float) (1 + 0.12 * Math.sin(2 * Math.PI * t / 23 + motionPhase));
        return new FaceState(e.mouthCurve() + jitter, e.mouthOpen() + 0.45f * talking, e.mouthWidth(),
                e.browRaise() + jitter, e.browTilt(), eye, e.cheekRaise(), e.noseWrinkle(), dx, dy, roll, light,
                blurred, occlusion);
    }
}
