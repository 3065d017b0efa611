package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.kafka.AvroSerde;
import dev.affectstreams.sync.SlotKey;
import dev.affectstreams.sync.SyncedChunk;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Synced chunks waiting for their micro-batch, in a changelogged store keyed by slot (a crash
 * loses none). A batch is due when {@code maxBatch} chunks wait; the owner also drains it on a
 * timer. Draining takes every chunk out of the store exactly once, whatever happens to it.
 */
final class BatchQueue {

    /** Receives a stored entry that could not be read back; it is already removed. */
    @FunctionalInterface
    interface Unreadable {
        void accept(String participantKey, byte[] stored, RuntimeException cause);
    }

    private final KeyValueStore<String, byte[]> store;
    private final int maxBatch;
    private final AvroSerde<AudioChunk> audioSerde;
    private final AvroSerde<VideoChunk> videoSerde;
    private int queued;
    /** When the oldest chunk now waiting was queued (in this process), or -1. */
    private long oldestQueuedMs = -1;

    BatchQueue(KeyValueStore<String, byte[]> store, int maxBatch, AvroSerde<AudioChunk> audioSerde,
               AvroSerde<VideoChunk> videoSerde) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.audioSerde = audioSerde;
        this.videoSerde = videoSerde;
    }

    /** Queues a chunk at {@code nowMs}; returns whether a batch is due. */
    boolean add(SyncedChunk c, long nowMs) {
        if (oldestQueuedMs < 0) {
            oldestQueuedMs = nowMs;
        }
        store.put(new SlotKey(c.key(), c.seq()).encode(), PendingChunkCodec.encode(c, audioSerde, videoSerde));
        return ++queued >= maxBatch;
    }

    /**
     * How long the oldest waiting chunk has waited at {@code nowMs}; -1 when none was queued by
     * this process (nothing waits, or what waits was restored from the changelog).
     */
    long oldestWaitMs(long nowMs) {
        return oldestQueuedMs < 0 ? -1 : nowMs - oldestQueuedMs;
    }

    /** Every waiting chunk, in slot order per participant, removed from the store. */
    List<SyncedChunk> drain(Unreadable unreadable) {
        List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                entries.add(it.next());
            }
        }
        queued = 0;
        oldestQueuedMs = -1;
        List<SyncedChunk> chunks = new ArrayList<>();
        for (KeyValue<String, byte[]> entry : entries) {
            store.delete(entry.key);
            try {
                chunks.add(PendingChunkCodec.decode(entry.key, entry.value, audioSerde, videoSerde));
            } catch (RuntimeException e) {
                if (ChunkDeadLetters.isKafkaFailure(e)) {
                    throw e;
                }
                unreadable.accept(SlotKey.participantOf(entry.key), entry.value, e);
            }
        }
        return chunks;
    }
}
