package dev.affectstreams.jobs;

import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.data.FeatureDatasetWriter;
import dev.affectstreams.model.data.FeatureVectors;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated call as a labelled feature dataset: every participant-second whose face is found
 * (cropped as the live path crops it) through the frozen backbones, labelled with the
 * simulator's MOSEI-6 intensities; seconds without a face are left out. Simulated data: its labels say
 * nothing about real people.
 */
public final class SimulatedFeatures {

    private SimulatedFeatures() {
    }

    /** @return the samples written */
    public static long write(Path file, FeatureExtractor extractor, int participants, int seconds, long seed)
            throws IOException {
        try (FeatureDatasetWriter writer = new FeatureDatasetWriter(file)) {
            append(writer, extractor, participants, seconds, seed);
            return writer.count();
        }
    }

    /** Appends a simulated call's labelled seconds to {@code writer}. */
    public static void append(FeatureDatasetWriter writer, FeatureExtractor extractor, int participants, int seconds,
                              long seed) throws IOException {
        SimulatedCall call = new SimulatedCall("sim-" + seed, participants, seed, 160, 120, 10);
        Map<String, FaceTracker> trackers = new HashMap<>();
        try (FaceDetector faces = FaceDetector.openDefault()) {
            for (int s = 0; s < seconds; s++) {
                List<ParticipantSecond> slot = call.next();
                List<MediaChunk> chunks = new ArrayList<>();
                List<Rectangle> crops = new ArrayList<>();
                for (ParticipantSecond p : slot) {
                    chunks.add(new MediaChunk(p.seq(), p.frames(), p.frameOffsetsMicros(), p.audio(), 10));
                    crops.add(trackers.computeIfAbsent(p.participantId(), k -> new FaceTracker(faces, 5, 2))
                            .boxFor(p.frames()));
                }
                List<FeatureExtractor.ChunkFeatures> features = extractor.extract(chunks, crops);
                for (int i = 0; i < slot.size(); i++) {
                    ParticipantSecond p = slot.get(i);
                    if (crops.get(i) == null) {
                        continue;
                    }
                    List<FeatureVector> vectors = FeatureVectors.of(features.get(i).vectors(), extractor.backbones());
                    writer.append(TrainingSample.newBuilder().setSampleId(call.callId() + "/" + p.participantId() + "/" + s)
                            .setCallId(call.callId()).setParticipantId(p.participantId()).setSeq(s)
                            .setCaptureStart(Instant.EPOCH.plusSeconds(s)).setFeatures(vectors)
                            .setLabelSet(LabelSet.MOSEI_6.id()).setLabels(p.labels().asLabels()).build());
                }
            }
        }
    }
}
