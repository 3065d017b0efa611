package dev.affectstreams.sync;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.avro.VideoChunk;
import java.util.Set;

/**
 * A participant's slot after synchronization: the audio and video that arrived in time (one
 * may be null, never both) and the flags saying which is missing.
 */
public record SyncedChunk(String key, long seq, AudioChunk audio, VideoChunk video, Set<QualityFlag> flags) {
}
