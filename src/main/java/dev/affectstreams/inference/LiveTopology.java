package dev.affectstreams.inference;

import dev.affectstreams.config.Topics;
import dev.affectstreams.sync.ChunkSyncProcessor;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import dev.affectstreams.sync.SyncTopology;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The live path as one topology: audio + video → synchronization → batched inference →
 * expression events; refusals of every stage → the dead-letter topic.
 */
public final class LiveTopology {

    private LiveTopology() {
    }

    public static Topology build(Topics topics, SyncSettings sync, SyncCounters counters, InferenceSettings inference,
                                 Supplier<LiveModel> model) {
        Topology topology = SyncTopology.build(topics, sync, counters, () -> new InferenceProcessor(inference, model));
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.PENDING),
                Serdes.String(), Serdes.ByteArray()), ChunkSyncProcessor.SYNCED);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.WINDOWS),
                Serdes.String(), Serdes.ByteArray()), ChunkSyncProcessor.SYNCED);
        topology.addSink(InferenceProcessor.EVENTS, topics.expressions().name(), Serdes.String().serializer(),
                topics.expressions().valueSerde().serializer(), ChunkSyncProcessor.SYNCED);
        topology.addSink(InferenceProcessor.DLQ, topics.dlq().name(), topics.dlq().keySerde().serializer(),
                topics.dlq().valueSerde().serializer(), ChunkSyncProcessor.SYNCED);
        return topology;
    }
}
