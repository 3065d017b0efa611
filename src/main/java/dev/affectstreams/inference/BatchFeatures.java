package dev.affectstreams.inference;

import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.events.LiveCounters.Stage;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.sync.SyncedChunk;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One micro-batch's features: the face box of every chunk with video (each participant's face
 * tracked across its chunks), the transcript so far, then the backbones over the whole batch,
 * and the face reader over the faces found in the chunks' own frames. A chunk the backbones or
 * the reader fail on is dead-lettered alone and gets no features; the others go on.
 */
final class BatchFeatures {

    /**
     * One chunk's outputs: its features, the face reading (null without a face found in its own
     * frames, or without a face reader) and whether a face was found in its own frames (a box kept
     * from an earlier chunk crops the features but is not a face found now).
     */
    record Outputs(FeatureExtractor.ChunkFeatures features, FaceReader.Reading face, boolean faceFound) {
    }

    /** Receives a chunk refused by the backbones, with the reason. */
    @FunctionalInterface
    interface DeadLetter {
        void accept(SyncedChunk chunk, String reason, Throwable cause);
    }

    private final FaceTracks tracks;
    private final LiveCounters counters;

    /** @param counters where the time of face detection, the backbones and the face reader goes */
    BatchFeatures(FaceTracks tracks, LiveCounters counters) {
        this.tracks = tracks;
        this.counters = counters;
    }

    /**
     * The outputs of each chunk, null for a chunk dead-lettered; a chunk without a face box is
     * replaced in {@code chunks} and {@code media} by one flagged NO_FACE without frames.
     */
    List<Outputs> of(LiveModel live, List<SyncedChunk> chunks, List<MediaChunk> media,
                     KeyValueStore<String, String> transcripts, long nowMs, DeadLetter deadLetter) {
        boolean[] found = new boolean[chunks.size()];
        long faceStart = System.nanoTime();
        List<Rectangle> crops = faces(live, chunks, media, found, nowMs);
        counters.stage(Stage.FACE_DETECTION, System.nanoTime() - faceStart);
        List<String> texts = new ArrayList<>();
        List<Rectangle> fresh = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            texts.add(transcriptOf(transcripts, chunks.get(i).key()));
            fresh.add(found[i] ? crops.get(i) : null);
        }
        return extract(live, chunks, media, crops, fresh, texts, deadLetter);
    }

    /** The face box of each chunk with video (null where none is found: the chunk goes on flagged NO_FACE). */
    private List<Rectangle> faces(LiveModel live, List<SyncedChunk> chunks, List<MediaChunk> media, boolean[] found,
                                  long nowMs) {
        List<Rectangle> crops = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            MediaChunk m = media.get(i);
            Rectangle box = null;
            if (m.hasVideo()) {
                FaceTracker tracker = tracks.of(chunks.get(i).key(), live.faces(), nowMs);
                box = tracker.boxFor(m.frames());
                found[i] = tracker.foundInLastChunk();
                if (box == null) {
                    SyncedChunk c = chunks.get(i);
                    EnumSet<QualityFlag> flags = EnumSet.of(QualityFlag.NO_FACE);
                    flags.addAll(c.flags());
                    chunks.set(i, c.withMedia(c.audio(), c.video(), flags));
                    media.set(i, new MediaChunk(m.seq(), List.of(), new long[0], m.audio(), m.fps()));
                }
            }
            crops.add(box);
        }
        return crops;
    }

    private static String transcriptOf(KeyValueStore<String, String> transcripts, String key) {
        try {
            TranscriptProcessor.Transcript t = TranscriptProcessor.Transcript.decode(transcripts.get(key));
            return t == null ? null : t.text();
        } catch (RuntimeException e) {
            transcripts.delete(key); // unreadable: the participant starts a new transcript
            return null;
        }
    }

    /**
     * The batch's outputs; when the batch fails as a whole, each chunk is run alone so that one
     * that fails by itself is dead-lettered (null in its place) and the others go on.
     */
    private List<Outputs> extract(LiveModel live, List<SyncedChunk> chunks, List<MediaChunk> media,
                                         List<Rectangle> crops, List<Rectangle> fresh, List<String> texts,
                                         DeadLetter deadLetter) {
        try {
            return outputs(live, media, crops, fresh, texts);
        } catch (RuntimeException batchFailure) {
            if (ChunkDeadLetters.isKafkaFailure(batchFailure)) {
                throw batchFailure;
            }
            List<Outputs> outputs = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                try {
                    outputs.add(outputs(live, List.of(media.get(i)), Collections.singletonList(crops.get(i)),
                            Collections.singletonList(fresh.get(i)), Collections.singletonList(texts.get(i))).get(0));
                } catch (RuntimeException e) {
                    deadLetter.accept(chunks.get(i), "the backbones failed on this chunk: " + e, e);
                    outputs.add(null);
                }
            }
            return outputs;
        }
    }

    private List<Outputs> outputs(LiveModel live, List<MediaChunk> media, List<Rectangle> crops,
                                         List<Rectangle> fresh, List<String> texts) {
        long start = System.nanoTime();
        List<FeatureExtractor.ChunkFeatures> features = live.extractor().extract(media, crops, texts);
        long read = System.nanoTime();
        counters.stage(Stage.BACKBONES, read - start);
        List<FaceReader.Reading> readings = live.faceReader()
                .map(r -> r.read(media.stream().map(MediaChunk::frames).toList(), fresh))
                .orElse(Collections.nCopies(media.size(), null));
        if (live.faceReader().isPresent()) {
            counters.stage(Stage.FACE_READING, System.nanoTime() - read);
        }
        List<Outputs> outputs = new ArrayList<>();
        for (int i = 0; i < media.size(); i++) {
            outputs.add(new Outputs(features.get(i), readings.get(i), fresh.get(i) != null));
        }
        return outputs;
    }
}
