package dev.affectstreams.jobs;

import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.data.FeatureDatasetWriter;
import dev.affectstreams.model.data.FeatureVectors;
import dev.affectstreams.model.data.RealFaces;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seconds of real faces as the live path sees them: a webcam-like frame cut from a photo around
 * the face, ten frames a second with a little camera shake, cropped to the face (its annotated
 * box grown as the tracker grows boxes, so every annotated face serves, whichever detector is
 * installed), each second mirrored or not and lit a little differently, through the frozen
 * backbones, with one second of silence for the audio (the live path's rule for a participant
 * without audio). Labelled by the face expression network's own reading of the same crops
 * ({@link #teacherLabels}): the network teaches the release what real faces look like.
 */
public final class RealFaceSeconds {

    private RealFaceSeconds() {
    }

    /**
     * MOSEI-6 labels from a reading: the top class's label present (intensity 1) when it is not
     * neutral and has probability at least 0.5; all zero (neutral) otherwise.
     */
    public static Map<String, Float> teacherLabels(FaceReader.Reading reading) {
        Map<String, Float> labels = new LinkedHashMap<>();
        LabelSet.MOSEI_6.labels().forEach(l -> labels.put(l, 0f));
        String label = FaceReader.moseiLabel(reading.topClass());
        if (label != null && reading.topProbability() >= 0.5f) {
            labels.put(label, 1f);
        }
        return labels;
    }

    /** One second of a face: the frames the live path would receive. */
    public static List<BufferedImage> second(RealFaces faces, int index, int width, int height, Random shake) {
        return shaken(faces.framed(index, width, height).frame(), shake);
    }

    /** Ten frames of a still, each moved by up to two pixels: camera shake. */
    private static List<BufferedImage> shaken(BufferedImage still, Random shake) {
        List<BufferedImage> frames = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            frames.add(RealFaces.shifted(still, shake.nextInt(5) - 2, shake.nextInt(5) - 2));
        }
        return frames;
    }

    /** A second of those frames (10 fps) with one second of silence: a participant without audio. */
    public static MediaChunk silentChunk(long seq, List<BufferedImage> frames) {
        long[] offsets = new long[frames.size()];
        for (int f = 0; f < offsets.length; f++) {
            offsets[f] = f * 100_000L;
        }
        return new MediaChunk(seq, frames, offsets, new float[16_000], 10);
    }

    /**
     * Appends {@code seconds} seconds of each of the given faces, labelled by the teacher.
     *
     * @return the seconds written
     */
    public static int append(FeatureDatasetWriter writer, FeatureExtractor extractor, FaceReader teacher,
                             RealFaces faces, List<Integer> indices, int seconds, long seed) throws IOException {
        Random shake = new Random(seed);
        int written = 0;
        for (int index : indices) {
            RealFaces.Framed framed = faces.framed(index, 320, 240);
            for (int s = 0; s < seconds; s++) {
                boolean mirror = s % 2 == 1;
                float light = 0.8f + 0.1f * (s / 2 % 4);
                BufferedImage base = varied(framed.frame(), mirror, light);
                Rectangle face = framed.face();
                if (mirror) {
                    face = new Rectangle(base.getWidth() - face.x - face.width, face.y, face.width, face.height);
                }
                Rectangle box = FaceTracker.grow(face, base.getWidth(), base.getHeight());
                List<BufferedImage> frames = shaken(base, shake);
                var features = extractor.extract(List.of(silentChunk(s, frames)), List.of(box)).get(0);
                FaceReader.Reading reading = teacher.read(List.of(frames), List.of(box)).get(0);
                writer.append(TrainingSample.newBuilder().setSampleId("real-face-" + index + "/" + s)
                        .setCallId("real-faces").setParticipantId("face-" + index).setSeq(s)
                        .setCaptureStart(Instant.EPOCH.plusSeconds(s))
                        .setFeatures(FeatureVectors.of(features.vectors(), extractor.backbones()))
                        .setLabelSet(LabelSet.MOSEI_6.id()).setLabels(teacherLabels(reading)).build());
                written++;
            }
        }
        return written;
    }

    /** The frame mirrored or not, its brightness scaled. */
    private static BufferedImage varied(BufferedImage frame, boolean mirror, float light) {
        BufferedImage out = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                int p = frame.getRGB(mirror ? frame.getWidth() - 1 - x : x, y);
                int r = Math.min(255, Math.round(((p >> 16) & 0xff) * light));
                int g = Math.min(255, Math.round(((p >> 8) & 0xff) * light));
                int b = Math.min(255, Math.round((p & 0xff) * light));
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }
}
