package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.claimcheck.ClaimCheckStore;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.sync.SyncedChunk;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Chunks passed by reference brought back inline before decoding: the stored record is read
 * from the claim-check directory, checked against its hash, and must be the chunk its envelope
 * names (same call, participant and slot, itself inline). Without a claim-check directory a
 * reference is refused, as is anything the store refuses.
 */
final class ClaimedChunks {

    private final ClaimCheckStore store;
    private final AvroSerde<AudioChunk> audioSerde;
    private final AvroSerde<VideoChunk> videoSerde;

    /** @param store the claim-check directory, or null where claim checks are off */
    ClaimedChunks(ClaimCheckStore store, AvroSerde<AudioChunk> audioSerde, AvroSerde<VideoChunk> videoSerde) {
        this.store = store;
        this.audioSerde = audioSerde;
        this.videoSerde = videoSerde;
    }

    SyncedChunk resolve(SyncedChunk c) throws ChunkDecoder.InvalidChunkException {
        boolean audio = c.audio() != null && c.audio().getPayloadUri() != null;
        boolean video = c.video() != null && c.video().getPayloadUri() != null;
        if (!audio && !video) {
            return c;
        }
        AudioChunk a = audio ? load(c.audio().getPayloadUri(), audioSerde, c.audio(), ClaimedChunks::identity,
                AudioChunk::getPayloadUri) : c.audio();
        VideoChunk v = video ? load(c.video().getPayloadUri(), videoSerde, c.video(), ClaimedChunks::identity,
                VideoChunk::getPayloadUri) : c.video();
        return c.withMedia(a, v, c.flags());
    }

    private static String identity(AudioChunk a) {
        return "audio chunk " + a.getSeq() + " of " + a.getCallId() + "/" + a.getParticipantId();
    }

    private static String identity(VideoChunk v) {
        return "video chunk " + v.getSeq() + " of " + v.getCallId() + "/" + v.getParticipantId();
    }

    private <T extends SpecificRecord> T load(String uri, AvroSerde<T> serde, T envelope,
                                              Function<T, String> identity, Function<T, String> reference)
            throws ChunkDecoder.InvalidChunkException {
        String what = identity.apply(envelope);
        if (store == null) {
            throw new ChunkDecoder.InvalidChunkException(what + " is passed by reference (" + uri + ") but this "
                    + "processor has no claim.check.dir", envelope instanceof AudioChunk);
        }
        T stored;
        try {
            stored = serde.deserialize(null, store.load(uri));
        } catch (ClaimCheckStore.ClaimCheckException e) {
            throw new ChunkDecoder.InvalidChunkException(what + ": " + e.getMessage(), envelope instanceof AudioChunk);
        } catch (RuntimeException e) {
            throw new ChunkDecoder.InvalidChunkException(what + ": the stored payload is not readable: "
                    + e.getMessage(), envelope instanceof AudioChunk);
        }
        if (!identity.apply(stored).equals(what) || reference.apply(stored) != null) {
            throw new ChunkDecoder.InvalidChunkException(what + ": the stored payload is "
                    + identity.apply(stored) + (reference.apply(stored) != null ? ", itself a reference" : ""),
                    envelope instanceof AudioChunk);
        }
        return stored;
    }
}
