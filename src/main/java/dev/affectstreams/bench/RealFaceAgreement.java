package dev.affectstreams.bench;

import ai.djl.Device;
import dev.affectstreams.jobs.BootstrapReleaseJob;
import dev.affectstreams.jobs.RealFaceSeconds;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.data.RealFaces;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.registry.LoadedRelease;
import dev.affectstreams.registry.Release;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The starter release against the face network on real faces it never saw: second by second,
 * whether its dominant label is the face network's reading, and its happy score on smiling and
 * on neutral faces.
 */
final class RealFaceAgreement {

    private RealFaceAgreement() {
    }

    static ExpressionsBenchmark.RealFaceRow measure(Release release, FeatureExtractor extractor, FaceReader reader,
                                                    RealFaces faces, Device device) throws IOException {
        LabelSet labels = release.manifest().labelSet();
        RealFaceTally tally = new RealFaceTally(labels.labels().indexOf("happy"));
        Random shake = new Random(77);
        try (LoadedRelease loaded = LoadedRelease.load(release, device); FaceDetector detector = FaceDetector.openDefault()) {
            Thresholds thresholds = loaded.thresholds();
            for (RealFaces.Face face : faces.faces()) {
                if (BootstrapReleaseJob.REAL_FACE_PHOTOS.contains(face.photo())) {
                    continue;
                }
                FaceTracker tracker = new FaceTracker(detector, 5, 2);
                for (int s = 0; s < 3; s++) {
                    List<BufferedImage> frames = RealFaceSeconds.second(faces, face.index(), 320, 240, shake);
                    Rectangle box = tracker.boxFor(frames);
                    if (box == null || !tracker.foundInLastChunk()) {
                        continue;
                    }
                    var features = extractor.extract(List.of(RealFaceSeconds.silentChunk(s, frames)), List.of(box))
                            .get(0).vectors();
                    float[] scores = loaded.scores(features);
                    FaceReader.Reading reading = reader.read(List.of(frames), List.of(box)).get(0);
                    int dominant = thresholds.dominant(scores);
                    tally.add(face, s == 0, dominant < 0 ? LabelSet.NEUTRAL : labels.labels().get(dominant), scores,
                            reading);
                }
            }
        }
        List<String> heldOut = faces.photoNames().stream()
                .filter(p -> !BootstrapReleaseJob.REAL_FACE_PHOTOS.contains(p)).toList();
        return tally.row(heldOut);
    }

    /** The release's label against the face network's reading, second by second, and the happy score by expression. */
    private static final class RealFaceTally {
        private final int happy;
        private final List<String> perFace = new ArrayList<>();
        private final Set<Integer> facesSeen = new HashSet<>();
        private int seconds;
        private int agree;
        private double smiling;
        private int smilingN;
        private double neutral;
        private int neutralN;

        RealFaceTally(int happy) {
            this.happy = happy;
        }

        void add(RealFaces.Face face, boolean first, String said, float[] scores, FaceReader.Reading reading) {
            String mosei = FaceReader.moseiLabel(reading.topClass());
            String read = mosei == null ? LabelSet.NEUTRAL : mosei;
            agree += said.equals(read) ? 1 : 0;
            seconds++;
            facesSeen.add(face.index());
            if (face.expression() == RealFaces.Expression.SMILING) {
                smiling += scores[happy];
                smilingN++;
            } else if (face.expression() == RealFaces.Expression.NEUTRAL) {
                neutral += scores[happy];
                neutralN++;
            }
            if (first) {
                perFace.add(String.format("face %d (%s, %s): release %s, happy %.2f; face network %s %.2f",
                        face.index(), face.photo(), face.expression().name().toLowerCase(Locale.ROOT), said,
                        scores[happy], reading.topClass(), reading.topProbability()));
            }
        }

        ExpressionsBenchmark.RealFaceRow row(List<String> heldOut) {
            return new ExpressionsBenchmark.RealFaceRow(heldOut, seconds, facesSeen.size(),
                    seconds == 0 ? Double.NaN : (double) agree / seconds,
                    smilingN == 0 ? Double.NaN : smiling / smilingN, neutralN == 0 ? Double.NaN : neutral / neutralN,
                    perFace);
        }
    }
}
