package dev.affectstreams.bench;

import dev.affectstreams.media.BlazeFaceDetector;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.HaarFaceDetector;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How often each face detector finds the face of simulated participants (every one of them
 * shows a face in every frame): frames with a face found, identities never found, and ms per
 * frame, measured on the same frames in one run.
 */
public final class FaceDetectionBenchmark {

    private FaceDetectionBenchmark() {
    }

    public record Row(String detector, int frames, int found, int identities, int identitiesNeverFound, double msPerFrame) {
    }

    /**
     * @param blazeFaceDir the unpacked BlazeFace package; BlazeFace is left out when it is missing
     */
    public static List<Row> run(List<Long> seeds, int participants, int seconds, int width, int height,
                                Path blazeFaceDir) throws IOException {
        List<ParticipantSecond> frames = new ArrayList<>();
        List<String> identity = new ArrayList<>();
        for (long seed : seeds) {
            SimulatedCall call = new SimulatedCall("faces-" + seed, participants, seed, width, height, 10);
            for (int s = 0; s < seconds; s++) {
                for (ParticipantSecond p : call.next()) {
                    frames.add(p);
                    identity.add(seed + "/" + p.participantId());
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        try (HaarFaceDetector haar = new HaarFaceDetector()) {
            rows.add(measure(haar, frames, identity));
        }
        if (BlazeFaceDetector.PACKAGE.present(blazeFaceDir)) {
            try (BlazeFaceDetector blaze = BlazeFaceDetector.open(blazeFaceDir)) {
                rows.add(measure(blaze, frames, identity));
            }
        }
        return rows;
    }

    private static Row measure(FaceDetector detector, List<ParticipantSecond> frames, List<String> identity) {
        detector.largestFace(frames.get(0).frames().get(0));
        Map<String, Integer> perIdentity = new HashMap<>();
        int found = 0;
        long start = System.nanoTime();
        for (int i = 0; i < frames.size(); i++) {
            boolean hit = detector.largestFace(frames.get(i).frames().get(0)).isPresent();
            found += hit ? 1 : 0;
            perIdentity.merge(identity.get(i), hit ? 1 : 0, Integer::sum);
        }
        double ms = (System.nanoTime() - start) / 1e6 / frames.size();
        int never = (int) perIdentity.values().stream().filter(v -> v == 0).count();
        return new Row(detector.name(), frames.size(), found, perIdentity.size(), never, ms);
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| detector | frames with a face found | identities never found | ms per "
                + "frame |\n|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %d of %d | %d of %d | %.1f |%n", r.detector(), r.found(), r.frames(),
                    r.identitiesNeverFound(), r.identities(), r.msPerFrame()));
        }
        return md.toString();
    }
}
