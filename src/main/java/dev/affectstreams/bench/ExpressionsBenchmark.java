package dev.affectstreams.bench;

import ai.djl.Device;
import dev.affectstreams.jobs.BootstrapReleaseJob;
import dev.affectstreams.jobs.SimulatedFeatures;
import dev.affectstreams.media.BlazeFaceDetector;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.HaarFaceDetector;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FaceExpressionNet;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.backbone.VideoBackboneName;
import dev.affectstreams.model.data.RealFaces;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.Emotion;
import dev.affectstreams.sim.FaceRenderer;
import dev.affectstreams.sim.FaceState;
import dev.affectstreams.sim.Intensities;
import dev.affectstreams.sim.ParticipantIdentity;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What the expression events are worth, measured: the face reading against the original network
 * on real faces; the starter release on simulated participants
 * it never saw; the starter against the face network's reading on seconds of real faces it never
 * saw (the photos other than {@link BootstrapReleaseJob#REAL_FACE_PHOTOS}); how often the face
 * network reads the expression the simulator meant to draw; and how well each face detector finds
 * the annotated real faces in webcam-like frames. Every figure comes from this run.
 * <p>Its length is the report's Markdown, which states what each figure means; the real-face part is {@link RealFaceAgreement}.
 */
public final class ExpressionsBenchmark {

    /** Where the {@code tracking} package's photo is kept once fetched (npm, pinned SHA-256). */
    public static final Path TRACKING_DIR = Path.of(System.getProperty("user.home"), ".affect-streams", "bench",
            "tracking");

    private static final List<String> NET = FaceExpressionNet.LABELS;

    /** The starter on real face seconds: agreement with the face reading, happy score by expression. */
    public record RealFaceRow(List<String> photos, int seconds, int faces, double agreement, double happySmiling,
                              double happyNeutral, List<String> perFace) {
    }

    /** How often the face network reads the intended expression of simulated faces (found by the detector). */
    public record AgreementRow(String intended, int rendered, int faceFound, Map<String, Integer> readings,
                               double agreement) {
    }

    /** A detector on the annotated faces: recall (IoU at least 0.3) and mean IoU of those found. */
    public record DetectorRow(String detector, String frames, int faces, int found, double meanIoU, double msPerFrame) {
    }

    /** Everything one run measured. */
    public record Report(String release, String frame2d, String detector, OriginalNetwork.Comparison original,
                         StarterEvaluation.Result simulated, RealFaceRow realFaces, List<AgreementRow> simulator,
                         List<DetectorRow> detectors) {
    }

    private ExpressionsBenchmark() {
    }

    /**
     * @param releaseDir    the starter release to measure; null to make one in {@code work}
     * @param faceNetDir    the unpacked face-api package (network and demo photos), or null where it is not installed
     * @param blazeFaceDir  the unpacked BlazeFace package, or null
     */
    public static Report run(Path releaseDir, Path work, Path faceNetDir, Path blazeFaceDir, Consumer<String> log)
            throws IOException {
        Device device = Device.cpu();
        Release release = releaseDir != null ? Release.open(releaseDir)
                : BootstrapReleaseJob.ensure(work.resolve("models"), "cpu", log);
        String frame2d = VideoBackboneName.parse(release.manifest().backbones().get(Modality.VIDEO.key()).name())
                .frame2d();
        log.accept("release " + release.dir() + " (2D backbone " + frame2d + ")");
        Path held = work.resolve("heldout.avro");
        StarterEvaluation.Result simulated;
        try (FeatureExtractor extractor = Backbones.extractorFor(release, device)) {
            if (!Files.exists(held)) {
                SimulatedFeatures.write(held, extractor, 4, 60, 9031);
            }
            simulated = StarterEvaluation.evaluate(release, held, device);
            log.accept(String.format("simulated: macro-F1 %.3f over %d held-out seconds", simulated.macroF1(),
                    simulated.seconds()));
            RealFaceRow real = null;
            List<AgreementRow> agreement = List.of();
            List<DetectorRow> detectors = new ArrayList<>();
            OriginalNetwork.Comparison original = null;
            if (faceNetDir != null) {
                RealFaces faces = RealFaces.withTracking(faceNetDir, TRACKING_DIR);
                List<BufferedImage> crops = new ArrayList<>();
                faces.faces().forEach(f -> crops.add(faces.crop(f.index())));
                original = OriginalNetwork.compare(faceNetDir, crops, work);
                log.accept("face reading against the original network: " + (original.unavailable() != null
                        ? original.unavailable() : String.format("max |diff| %.2e", original.maxAbsDiff())));
                try (FaceReader reader = FaceReader.open(faceNetDir, device)) {
                    real = RealFaceAgreement.measure(release, extractor, reader, faces, device);
                    log.accept(String.format("real faces: agreement %.2f over %d seconds", real.agreement(),
                            real.seconds()));
                    agreement = simulator(reader, 30);
                }
                try (HaarFaceDetector haar = new HaarFaceDetector()) {
                    detectors.addAll(detectors(haar, faces));
                }
                if (blazeFaceDir != null && BlazeFaceDetector.PACKAGE.present(blazeFaceDir)) {
                    try (BlazeFaceDetector blaze = BlazeFaceDetector.open(blazeFaceDir)) {
                        detectors.addAll(detectors(blaze, faces));
                    }
                }
            }
            return new Report(release.dir().getFileName().toString(), frame2d, FaceDetector.defaultName(), original,
                    simulated, real, agreement, detectors);
        }
    }

    /**
     * Each intended expression (intensity 2 of 3, fully shown) drawn on {@code identities} random
     * simulated identities at 160x120, found by the default detector, read by the face network.
     */
    static List<AgreementRow> simulator(FaceReader reader, int identities) {
        List<AgreementRow> rows = new ArrayList<>();
        try (FaceDetector detector = FaceDetector.openDefault()) {
            for (int e = -1; e < Emotion.values().length; e++) {
                Map<String, Integer> readings = new LinkedHashMap<>();
                NET.forEach(c -> readings.put(c, 0));
                int found = 0;
                for (int id = 0; id < identities; id++) {
                    FaceRenderer renderer = new FaceRenderer(160, 120, ParticipantIdentity.random(new Random(5000 + id)));
                    Map<Emotion, Float> x = new EnumMap<>(Emotion.class);
                    if (e >= 0) {
                        x.put(Emotion.values()[e], 2f);
                    }
                    BufferedImage frame = renderer.render(FaceState.expressive(
                            e < 0 ? Intensities.NEUTRAL : Intensities.of(x), 1f), new Random(id));
                    Rectangle box = new FaceTracker(detector, 1, 0).boxFor(List.of(frame));
                    if (box == null) {
                        continue;
                    }
                    found++;
                    readings.merge(reader.read(List.of(List.of(frame)), List.of(box)).get(0).topClass(), 1,
                            Integer::sum);
                }
                String intended = e < 0 ? LabelSet.NEUTRAL : FaceReader.faceClass(Emotion.values()[e].label());
                rows.add(new AgreementRow(intended, identities, found, readings,
                        found == 0 ? Double.NaN : (double) readings.get(intended) / found));
            }
        }
        return rows;
    }

    /**
     * A detector on every annotated face in two kinds of frame: a 640x360 webcam frame around the
     * face, and a 1280x720 screencast with the face in a 240x180 inset at its bottom right.
     */
    static List<DetectorRow> detectors(FaceDetector detector, RealFaces faces) {
        List<DetectorRow> rows = new ArrayList<>();
        for (String kind : List.of("webcam 640x360", "screencast 1280x720, 240x180 inset")) {
            int found = 0;
            double iou = 0;
            long nanos = 0;
            for (RealFaces.Face face : faces.faces()) {
                RealFaces.Framed framed = kind.startsWith("webcam") ? faces.framed(face.index(), 640, 360)
                        : faces.screencast(face.index());
                BufferedImage frame = framed.frame();
                Rectangle truth = framed.face();
                long start = System.nanoTime();
                var box = detector.largestFace(frame);
                nanos += System.nanoTime() - start;
                double overlap = box.map(b -> iou(b, truth)).orElse(0.0);
                if (overlap >= 0.3) {
                    found++;
                    iou += overlap;
                }
            }
            rows.add(new DetectorRow(detector.name(), kind, faces.faces().size(), found, found == 0 ? 0 : iou / found,
                    nanos / 1e6 / faces.faces().size()));
        }
        return rows;
    }

    static double iou(Rectangle a, Rectangle b) {
        Rectangle i = a.intersection(b);
        if (i.isEmpty()) {
            return 0;
        }
        double inter = (double) i.width * i.height;
        return inter / ((double) a.width * a.height + (double) b.width * b.height - inter);
    }

    public static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Release %s (2D backbone %s, face detector %s).%n%n", r.release(), r.frame2d(),
                r.detector()));
        StarterEvaluation.Result s = r.simulated();
        md.append(String.format("**Starter release on %d seconds of 4 simulated participants it never saw:** macro-F1 "
                + "over the six emotions and neutral %.3f%n%n", s.seconds(), s.macroF1()));
        md.append("| | neutral |");
        s.auroc().keySet().forEach(l -> md.append(' ').append(l).append(" |"));
        md.append("\n|---|---|");
        s.auroc().keySet().forEach(l -> md.append("---|"));
        md.append("\n| F1 (dominant label against the true class) |");
        s.f1ByClass().values().forEach(v -> md.append(String.format(" %.2f |", v)));
        md.append("\n| AUROC (score against presence) | |");
        s.auroc().values().forEach(v -> md.append(String.format(" %.2f |", v)));
        md.append("\n| score spread (standard deviation) | |");
        s.scoreSpread().values().forEach(v -> md.append(String.format(" %.3f |", v)));
        md.append("\n| threshold (calibrated on validation) | |");
        s.thresholds().values().forEach(v -> md.append(String.format(" %.2f |", v)));
        md.append("\n\n");
        if (r.realFaces() == null) {
            md.append("The face expression network is not installed: no real-face, simulator-agreement or detector "
                    + "figures (`backbones fetch face-expression-net`).\n");
            return md.toString();
        }
        OriginalNetwork.Comparison o = r.original();
        md.append(o.unavailable() != null ? "**Face reading against the original network:** not measured: "
                + o.unavailable() + "\n\n" : String.format("**Face reading against the original network** (face-api's "
                + "TensorFlow.js build under Node.js, on the same %d real face crops): max |difference| of any "
                + "probability %.1e, top class the same on %.0f%% of faces.%n%n", o.faces(), o.maxAbsDiff(),
                100 * o.topOneAgreement()));
        RealFaceRow f = r.realFaces();
        md.append(String.format("**Starter release against the face network on real faces it never saw** (%d seconds "
                + "of %d faces in %s found by the detector): dominant label agrees with the face reading on %.0f%% of "
                + "seconds; mean happy score %.2f on smiling faces, %.2f on neutral ones (gap %.2f).%n%n",
                f.seconds(), f.faces(), String.join(", ", f.photos()), 100 * f.agreement(), f.happySmiling(),
                f.happyNeutral(), f.happySmiling() - f.happyNeutral()));
        f.perFace().forEach(line -> md.append("- ").append(line).append('\n'));
        appendSimulatorAndDetectors(md, r);
        return md.toString();
    }

    private static void appendSimulatorAndDetectors(StringBuilder md, Report r) {
        md.append("\n**Face network on simulated faces** (each expression at intensity 2 of 3 on 30 identities, "
                + "160x120; chance is 1/7 = 0.14):\n\n| intended | faces found |");
        NET.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append(" agreement |\n|---|---|");
        NET.forEach(c -> md.append("---|"));
        md.append("---|\n");
        for (AgreementRow a : r.simulator()) {
            md.append(String.format("| %s | %d of %d |", a.intended(), a.faceFound(), a.rendered()));
            a.readings().values().forEach(v -> md.append(' ').append(v).append(" |"));
            md.append(String.format(" %.2f |%n", a.agreement()));
        }
        md.append("\n**Face detectors on the " + r.detectors().stream().mapToInt(DetectorRow::faces).max().orElse(0)
                + " annotated real faces** (found: IoU with the hand-drawn box at least 0.3):\n\n| detector | frames | found | mean IoU of those found | ms per frame |\n|---|---|---|---|---|\n");
        for (DetectorRow d : r.detectors()) {
            md.append(String.format("| %s | %s | %d of %d | %.2f | %.1f |%n", d.detector(), d.frames(), d.found(),
                    d.faces(), d.meanIoU(), d.msPerFrame()));
        }
    }
}
