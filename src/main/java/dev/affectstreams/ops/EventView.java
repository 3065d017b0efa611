package dev.affectstreams.ops;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.FaceReading;
import dev.affectstreams.model.LabelSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** An expression event as the live page reads it: plain JSON values, no Avro unions. */
final class EventView {

    private EventView() {
    }

    static Map<String, Object> of(ExpressionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", e.getCallId());
        m.put("participantId", e.getParticipantId());
        m.put("seq", e.getSeq());
        m.put("captureStart", e.getCaptureStart().toEpochMilli());
        m.put("label", e.getDominantLabel() == null ? LabelSet.NEUTRAL : e.getDominantLabel());
        m.put("scores", new TreeMap<>(e.getScores()));
        m.put("flags", e.getQualityFlags().stream().map(Enum::name).toList());
        m.put("model", e.getModelName() + " " + e.getModelVersion());
        m.put("latencyMs", e.getLatencyMs());
        FaceReading face = e.getFaceReading();
        if (face == null) {
            m.put("face", null);
        } else {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("topClass", face.getTopClass());
            f.put("probabilities", new TreeMap<>(face.getProbabilities()));
            f.put("frames", face.getFrames());
            m.put("face", f);
        }
        return m;
    }
}
