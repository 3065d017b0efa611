package dev.affectstreams.bench;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.inference.ChunkDecoder;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.FrameSampler;
import dev.affectstreams.media.ImagePreprocessor;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.media.MelSpectrogram;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.sync.ChunkChecks;
import dev.affectstreams.sync.InputLimits;
import dev.affectstreams.sync.SyncedChunk;
import java.awt.Rectangle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the live path spends per chunk before the backbones, stage by stage, on one thread:
 * decoding the chunk's JPEG frames and PCM, finding the face (the tracker's detections every 5th
 * frame), the 2D frame and the 16-frame 3D clip resized and normalised, and the min-max mel
 * spectrogram. Chunks are a simulated call's, encoded as {@code ingest} encodes them.
 */
public final class PreprocessingBenchmark {

    private static final ChunkChecks CHECKS =
            new ChunkChecks(InputLimits.defaults());

    private PreprocessingBenchmark() {
    }

    /** Milliseconds per chunk of each stage, and what was measured. */
    public record Result(String detector, int chunks, int width, int height, int fps, Map<String, Double> msPerChunk) {
    }

    public static Result run(int chunks, int width, int height, int fps, Consumer<String> log) throws Exception {
        List<SyncedChunk> encoded = new ArrayList<>();
        ChunkEncoder encoder = new ChunkEncoder(0.8f);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        SimulatedCall call = new SimulatedCall("prep", 4, 12, width, height, fps);
        while (encoded.size() < chunks) {
            for (ParticipantSecond p : call.next()) {
                CapturedSecond s = new CapturedSecond("prep", p.participantId(), p.seq(), p.frames(),
                        p.frameOffsetsMicros(), p.audio(), fps);
                AudioChunk a = encoder.audio(s, t0, t0);
                VideoChunk v = encoder.video(s, t0, t0);
                encoded.add(new SyncedChunk(s.key(), s.seq(), a, v, Set.of()));
            }
        }
        ImagePreprocessor prep2d = new ImagePreprocessor(112, Normalization.PAPER_2D);
        ImagePreprocessor prep3d = new ImagePreprocessor(112, Normalization.KINETICS_3D);
        MelSpectrogram mel = new MelSpectrogram(16_000);
        float[] clip = new float[3 * 16 * 112 * 112];
        Map<String, Long> nanos = new LinkedHashMap<>();
        String detectorName;
        try (FaceDetector detector = FaceDetector.openDefault()) {
            detectorName = detector.name();
            Map<String, FaceTracker> trackers = new HashMap<>();
            for (int round = 0; round < 2; round++) { // the first round warms up; the second is measured
                nanos.clear();
                for (SyncedChunk c : encoded.subList(0, chunks)) {
                    long start = System.nanoTime();
                    MediaChunk m = ChunkDecoder.decode(c, CHECKS);
                    long decoded = System.nanoTime();
                    Rectangle box = trackers.computeIfAbsent(c.key(), k -> new FaceTracker(detector, 5, 2))
                            .boxFor(m.frames());
                    long faced = System.nanoTime();
                    prep2d.toChw(m.frames().get(FrameSampler.linspace(m.frames().size(), 1)[0]), box);
                    long twoD = System.nanoTime();
                    prep3d.clipInto(m.frames(), FrameSampler.linspace(m.frames().size(), 16), box, clip, 0);
                    long threeD = System.nanoTime();
                    MelSpectrogram.minMax(mel.compute(Arrays.copyOf(m.audio(), 16_000)));
                    long mels = System.nanoTime();
                    nanos.merge("decode JPEG + PCM", decoded - start, Long::sum);
                    nanos.merge("face (" + detectorName + ", every 5th frame)", faced - decoded, Long::sum);
                    nanos.merge("2D frame (112 px)", twoD - faced, Long::sum);
                    nanos.merge("3D clip (16 x 112 px)", threeD - twoD, Long::sum);
                    nanos.merge("mel spectrogram (128 x 101)", mels - threeD, Long::sum);
                }
            }
        }
        Map<String, Double> ms = new LinkedHashMap<>();
        nanos.forEach((stage, n) -> ms.put(stage, n / 1e6 / chunks));
        ms.put("total", nanos.values().stream().mapToLong(Long::longValue).sum() / 1e6 / chunks);
        ms.forEach((stage, v) -> log.accept(String.format("%-36s %7.2f ms per chunk", stage, v)));
        return new Result(detectorName, chunks, width, height, fps, ms);
    }

    public static String markdown(Result r) {
        StringBuilder md = new StringBuilder(String.format("%d chunks of %dx%d at %d fps, one thread.%n%n", r.chunks(),
                r.width(), r.height(), r.fps()));
        md.append("| stage | ms per chunk |\n|---|---|\n");
        r.msPerChunk().forEach((stage, v) -> md.append(String.format("| %s | %.2f |%n", stage, v)));
        return md.toString();
    }
}
