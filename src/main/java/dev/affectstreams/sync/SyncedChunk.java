package dev.affectstreams.sync;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.Provenance;
import java.util.Set;

/**
 * A participant's slot after synchronization: the audio and video that arrived in time (one
 * may be null, never both), the flags saying which is missing, and where each was read.
 */
public record SyncedChunk(String key, long seq, AudioChunk audio, VideoChunk video, Set<QualityFlag> flags,
                          Provenance audioFrom, Provenance videoFrom) {

    /** A chunk of unknown origin (benchmarks, tests). */
    public SyncedChunk(String key, long seq, AudioChunk audio, VideoChunk video, Set<QualityFlag> flags) {
        this(key, seq, audio, video, flags, Provenance.UNKNOWN, Provenance.UNKNOWN);
    }

    public SyncedChunk withMedia(AudioChunk audio, VideoChunk video, Set<QualityFlag> flags) {
        return new SyncedChunk(key, seq, audio, video, flags, audioFrom, videoFrom);
    }
}
