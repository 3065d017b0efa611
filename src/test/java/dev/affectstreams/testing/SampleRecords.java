package dev.affectstreams.testing;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.AudioEncoding;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.ExpressionState;
import dev.affectstreams.avro.FaceReading;
import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.LabelSource;
import dev.affectstreams.avro.Modality;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.ReleaseFile;
import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated record of every contract type, with pinned timestamps. */
public final class SampleRecords {

    public static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    public static final String CALL = "call-1";
    public static final String PARTICIPANT = "alice";
    public static final String KEY = CALL + "/" + PARTICIPANT;

    private SampleRecords() {
    }

    public static List<SpecificRecord> all() {
        return List.of(audio(), video(), transcript(), expressionEvent(), expressionState(), trainingSample(),
                labelFeedback(), modelRelease(), consent(), error());
    }

    public static AudioChunk audio() {
        return AudioChunk.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setSeq(7)
                .setCaptureStart(T0.plusSeconds(7)).setSampleRate(16_000).setEncoding(AudioEncoding.PCM_S16LE)
                .setSamples(ByteBuffer.wrap(new byte[] {1, 0, -1, -1, 2, 0})).setProducedAt(T0.plusSeconds(8))
                .build();
    }

    public static VideoChunk video() {
        return VideoChunk.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setSeq(7)
                .setCaptureStart(T0.plusSeconds(7)).setFps(25f).setWidth(2).setHeight(1)
                .setFrameFormat(FrameFormat.RGB24)
                .setFrames(List.of(new VideoFrame(0L, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6})),
                        new VideoFrame(40_000L, ByteBuffer.wrap(new byte[] {6, 5, 4, 3, 2, 1}))))
                .setProducedAt(T0.plusSeconds(8)).build();
    }

    public static TranscriptSegment transcript() {
        return TranscriptSegment.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setSeq(7)
                .setStart(T0.plusMillis(7_200)).setEnd(T0.plusMillis(8_100)).setText("that is wonderful")
                .setLanguage("en").setConfidence(0.9f).build();
    }

    public static ExpressionEvent expressionEvent() {
        return ExpressionEvent.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setSeq(7)
                .setCaptureStart(T0.plusSeconds(7)).setLabelSet("mosei-6@1")
                .setScores(Map.of("happy", 0.8f, "sad", 0.1f)).setDominantLabel("happy")
                .setModalities(List.of(Modality.VIDEO, Modality.AUDIO))
                .setQualityFlags(List.of(QualityFlag.TEXT_MISSING)).setWindowChunks(4).setModelName("conclugen")
                .setModelVersion("3").setLatencyMs(120).setEmittedAt(T0.plusMillis(8_120))
                .setFaceReading(faceReading()).setFaceChunks(3).build();
    }

    public static FaceReading faceReading() {
        return FaceReading.newBuilder().setNetwork("face-expression-net").setWeightsSha256("ab".repeat(32))
                .setProbabilities(Map.of("neutral", 0.1f, "happy", 0.9f)).setTopClass("happy").setFrames(4).build();
    }

    public static ExpressionState expressionState() {
        return ExpressionState.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setSeq(7)
                .setSince(T0.plusSeconds(7)).setLabelSet("mosei-6@1").setLabel("happy").setPreviousLabel(null)
                .setSmoothedScores(Map.of("happy", 0.7f)).setModelVersion("3").setFaceReading(faceReading()).build();
    }

    public static TrainingSample trainingSample() {
        BackboneId backbone = new BackboneId("face-expression-net", "1", "ab12");
        return TrainingSample.newBuilder().setSampleId(KEY + "/7").setCallId(CALL).setParticipantId(PARTICIPANT)
                .setSeq(7).setCaptureStart(T0.plusSeconds(7))
                .setFeatures(List.of(new FeatureVector(Modality.VIDEO, backbone, List.of(0.5f, -1.25f))))
                .setLabelSet("mosei-6@1").setLabels(Map.of("happy", 1.5f)).build();
    }

    public static LabelFeedback labelFeedback() {
        return LabelFeedback.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setSeq(7)
                .setLabelSet("mosei-6@1").setLabels(Map.of("happy", 2.0f)).setSource(LabelSource.ANNOTATOR)
                .setAnnotatorId("a-17").setCreatedAt(T0.plusSeconds(60)).build();
    }

    public static ModelRelease modelRelease() {
        return ModelRelease.newBuilder().setModelName("conclugen").setVersion("3").setParentVersion("2")
                .setStatus(ReleaseStatus.PROMOTED).setStatusReason("f1 +0.02").setArtifactUri("file:/releases/3")
                .setFiles(List.of(new ReleaseFile("heads.params", "00ff", 1234L)))
                .setBackbones(List.of(new BackboneId("resnet152", "1", "random:7"))).setLabelSet("mosei-6@1")
                .setMetrics(Map.of("heldout.f1_weighted", 0.61)).setCreatedAt(T0).build();
    }

    public static ConsentRecord consent() {
        return ConsentRecord.newBuilder().setCallId(CALL).setParticipantId(PARTICIPANT).setInferenceAllowed(true)
                .setRetrainingAllowed(false).setJurisdiction("DE").setContext(CallContext.CUSTOMER_SERVICE)
                .setUpdatedAt(T0).build();
    }

    public static ErrorRecord error() {
        return ErrorRecord.newBuilder().setSourceTopic("av.video").setSourcePartition(2).setSourceOffset(42)
                .setStage("deserialize").setReason("not Avro").setErrorClass("RecordDecodingException")
                .setOriginalKey(ByteBuffer.wrap(KEY.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {9, 9})).setOriginalTimestamp(T0).setOccurredAt(T0)
                .setApplicationId("affect-streams").build();
    }
}
