package dev.affectstreams.inference;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.FaceReading;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.events.ExpressionSmoother;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.data.FeatureVectors;
import dev.affectstreams.sync.SyncedChunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The records the live path writes for a chunk, from what inference found: the expression
 * event (scores on the window's averages, the face reading, flags, latency), the smoothed
 * state, and the training sample of its features. Pure: no stores, no context.
 */
final class EventFactory {

    private final int window;

    /** @param window chunks in a full feature window (fewer: {@code PARTIAL_WINDOW}) */
    EventFactory(int window) {
        this.window = window;
    }

    /** The call and participant ids of a {@code callId/participantId} key. */
    record Participant(String callId, String participantId) {
        static Participant of(String key) {
            String[] ids = key.split("/", 2);
            return new Participant(ids[0], ids.length > 1 ? ids[1] : "");
        }
    }

    /**
     * The event of a chunk whose features were added to {@code features}.
     *
     * @param extractor the thread's backbones (zero features for a missing modality)
     * @param reader    the thread's face reader, needed when {@code face} is not null
     */
    ExpressionEvent event(SyncedChunk c, FeatureWindow features, LiveHeads heads, FeatureExtractor extractor,
                          FaceReader reader, FaceReader.Reading face, long nowMs) {
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        flags.addAll(c.flags());
        if (features.size() < window) {
            flags.add(QualityFlag.PARTIAL_WINDOW);
        }
        Map<Modality, float[]> averages = features.averages();
        List<dev.affectstreams.avro.Modality> used = new ArrayList<>();
        for (Modality m : heads.modalities()) {
            if (averages.containsKey(m)) {
                used.add(dev.affectstreams.avro.Modality.valueOf(m.name()));
            }
        }
        averages = MissingModalities.fill(averages, heads.modalities(), extractor, flags);
        Map<String, Float> scores = new LinkedHashMap<>();
        String dominant = null;
        if (averages.keySet().containsAll(heads.modalities())) {
            float[] s = heads.scores(averages);
            for (int j = 0; j < s.length; j++) {
                scores.put(heads.labels().labels().get(j), s[j]);
            }
            dominant = heads.dominant(s);
        }
        Participant who = Participant.of(c.key());
        return ExpressionEvent.newBuilder().setCallId(who.callId()).setParticipantId(who.participantId())
                .setSeq(c.seq()).setCaptureStart(captureStart(c)).setLabelSet(heads.labels().id()).setScores(scores)
                .setDominantLabel(dominant).setModalities(used).setQualityFlags(new ArrayList<>(flags))
                .setWindowChunks(features.size()).setModelName(heads.modelName()).setModelVersion(heads.version())
                .setLatencyMs(Math.max(0, nowMs - producedAt(c))).setEmittedAt(Instant.ofEpochMilli(nowMs))
                .setFaceReading(face == null ? null : FaceReadings.of(reader, face))
                .setFaceChunks(features.faces()).build();
    }

    /**
     * The state after this event's smoothing, or null when it is not published: an event without
     * scores, or a label and face top class unchanged.
     */
    ExpressionState state(ExpressionEvent event, ExpressionSmoother.State previous, ExpressionSmoother.State next) {
        String before = previous == null ? null : previous.label();
        if (previous != null && Objects.equals(before, next.label())
                && Objects.equals(previous.faceTop(), next.faceTop())) {
            return null;
        }
        FaceReading face = event.getFaceReading();
        return ExpressionState.newBuilder().setCallId(event.getCallId())
                .setParticipantId(event.getParticipantId()).setSeq(event.getSeq()).setSince(event.getCaptureStart())
                .setLabelSet(event.getLabelSet()).setLabel(next.label() == null ? LiveHeads.NEUTRAL : next.label())
                .setPreviousLabel(previous == null ? null : before == null ? LiveHeads.NEUTRAL : before)
                .setSmoothedScores(next.scores()).setModelVersion(event.getModelVersion())
                .setFaceReading(face == null ? null : FaceReadings.smoothed(face, next.face(), next.faceTop()))
                .build();
    }

    /** The chunk's features as a training sample (never media). */
    TrainingSample sample(SyncedChunk c, Map<Modality, float[]> vectors, FeatureExtractor extractor) {
        Participant who = Participant.of(c.key());
        return TrainingSample.newBuilder().setSampleId(c.key() + "/" + c.seq())
                .setCallId(who.callId()).setParticipantId(who.participantId()).setSeq(c.seq())
                .setCaptureStart(captureStart(c))
                .setFeatures(FeatureVectors.of(vectors, extractor.backbones()))
                .build();
    }

    private static Instant captureStart(SyncedChunk c) {
        return c.video() != null ? c.video().getCaptureStart() : c.audio().getCaptureStart();
    }

    private static long producedAt(SyncedChunk c) {
        return Math.max(c.audio() == null ? 0 : c.audio().getProducedAt().toEpochMilli(),
                c.video() == null ? 0 : c.video().getProducedAt().toEpochMilli());
    }
}
