package dev.affectstreams.inference;

import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.media.FaceTracker;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.sync.SyncedChunk;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One micro-batch's features: the face box of every chunk with video (each participant's face
 * tracked across its chunks), the transcript so far, then the backbones over the whole batch.
 * A chunk the backbones fail on is dead-lettered alone and gets no features; the others go on.
 */
final class BatchFeatures {

    /** Receives a chunk refused by the backbones, with the reason. */
    @FunctionalInterface
    interface DeadLetter {
        void accept(SyncedChunk chunk, String reason, Throwable cause);
    }

    private final Map<String, FaceTracker> trackers = new HashMap<>();

    /**
     * The features of each chunk, null for a chunk dead-lettered; a chunk without a face found is
     * replaced in {@code chunks} and {@code media} by one flagged NO_FACE without frames.
     */
    List<FeatureExtractor.ChunkFeatures> of(LiveModel live, List<SyncedChunk> chunks, List<MediaChunk> media,
                                            KeyValueStore<String, String> transcripts, DeadLetter deadLetter) {
        List<Rectangle> crops = faces(live, chunks, media);
        List<String> texts = new ArrayList<>();
        for (SyncedChunk c : chunks) {
            texts.add(transcriptOf(transcripts, c.key()));
        }
        return extract(live, chunks, media, crops, texts, deadLetter);
    }

    /** Drops the participant's face track. */
    void forget(String key) {
        trackers.remove(key);
    }

    /** The face box of each chunk with video (null where none is found: the chunk goes on flagged NO_FACE). */
    private List<Rectangle> faces(LiveModel live, List<SyncedChunk> chunks, List<MediaChunk> media) {
        List<Rectangle> crops = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            MediaChunk m = media.get(i);
            Rectangle box = null;
            if (m.hasVideo()) {
                box = trackers.computeIfAbsent(chunks.get(i).key(),
                        k -> new FaceTracker(live.faces(), 5, 2)).boxFor(m.frames());
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
     * The batch's features; when the batch fails as a whole, each chunk is run alone so that one
     * that fails by itself is dead-lettered (null in its place) and the others go on.
     */
    private static List<FeatureExtractor.ChunkFeatures> extract(LiveModel live, List<SyncedChunk> chunks,
                                                                List<MediaChunk> media, List<Rectangle> crops,
                                                                List<String> texts, DeadLetter deadLetter) {
        try {
            return live.extractor().extract(media, crops, texts);
        } catch (RuntimeException batchFailure) {
            if (ChunkDeadLetters.isKafkaFailure(batchFailure)) {
                throw batchFailure;
            }
            List<FeatureExtractor.ChunkFeatures> features = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                try {
                    features.add(live.extractor().extract(List.of(media.get(i)),
                            java.util.Collections.singletonList(crops.get(i)),
                            java.util.Collections.singletonList(texts.get(i))).get(0));
                } catch (RuntimeException e) {
                    deadLetter.accept(chunks.get(i), "the backbones failed on this chunk: " + e, e);
                    features.add(null);
                }
            }
            return features;
        }
    }
}
