package dev.affectstreams.sync;

import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.config.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The synchronization stage as a pure function of its inputs: audio and video sources →
 * {@link ChunkSyncProcessor} (with its changelogged store) → the given downstream processor;
 * refusals → the dead-letter topic. Starts nothing and reads no environment.
 */
public final class SyncTopology {

    public static final String AUDIO_SOURCE = "audio-source";
    public static final String VIDEO_SOURCE = "video-source";
    public static final String SYNC = "sync";

    private SyncTopology() {
    }

    /**
     * @param downstream receives every {@link SyncedChunk}; it is added as a child named
     *                   {@link ChunkSyncProcessor#SYNCED} and may add sinks of its own
     */
    public static <K, V> Topology build(Topics topics, SyncSettings settings, SyncCounters counters,
                                        ProcessorSupplier<String, SyncedChunk, K, V> downstream) {
        return build(topics, settings, counters, topics.dlq().valueSerde().serializer(), downstream);
    }

    /** The same, writing dead letters with {@code deadLetters} (a counting serializer). */
    public static <K, V> Topology build(Topics topics, SyncSettings settings, SyncCounters counters,
                                        Serializer<ErrorRecord> deadLetters,
                                        ProcessorSupplier<String, SyncedChunk, K, V> downstream) {
        Topology topology = new Topology();
        topology.addSource(AUDIO_SOURCE, Serdes.String().deserializer(), topics.audio().valueSerde().deserializer(),
                topics.audio().name());
        topology.addSource(VIDEO_SOURCE, Serdes.String().deserializer(), topics.video().valueSerde().deserializer(),
                topics.video().name());
        topology.addProcessor(SYNC, () -> new ChunkSyncProcessor(settings, counters), AUDIO_SOURCE, VIDEO_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChunkSyncProcessor.STORE),
                Serdes.String(), PendingSlot.serde()), SYNC);
        topology.addProcessor(ChunkSyncProcessor.SYNCED, downstream, SYNC);
        topology.addSink(ChunkSyncProcessor.DLQ, topics.dlq().name(), topics.dlq().keySerde().serializer(),
                deadLetters, SYNC);
        return topology;
    }
}
