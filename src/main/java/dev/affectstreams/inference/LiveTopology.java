package dev.affectstreams.inference;

import dev.affectstreams.avro.ErrorRecord;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.ConsentRecords;
import dev.affectstreams.events.ConsentStoreUpdater;
import dev.affectstreams.sync.ChunkSyncProcessor;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import dev.affectstreams.sync.SyncTopology;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The live path as one topology: audio + video (+ the transcript so far from av.text) →
 * synchronization → batched inference →
 * expression events, state changes and the retraining tap, gated by the consent table (a
 * global store of the compacted consent topic); refusals of every stage → the dead-letter topic,
 * each counted in the rules' {@link dev.affectstreams.kafka.DeadLetterCounts}.
 */
public final class LiveTopology {

    private LiveTopology() {
    }

    public static Topology build(Topics topics, SyncSettings sync, SyncCounters counters, InferenceSettings inference,
                                 EventRules rules, Supplier<LiveModel> model, ReleaseSource releases) {
        Serializer<ErrorRecord> deadLetters = rules.counters().deadLetters.counting(topics.dlq().valueSerde().serializer());
        Topology topology = SyncTopology.build(topics, sync, counters, deadLetters,
                () -> new InferenceProcessor(inference, sync.limits(), rules, model, releases));
        topology.addGlobalStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ConsentStoreUpdater.STORE), Serdes.String(),
                        ConsentRecords.storeSerde()).withLoggingDisabled(),
                "consent-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.consent().name(), "consent-updater", () -> new ConsentStoreUpdater(rules.counters()));
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.STATE_STORE),
                Serdes.String(), Serdes.ByteArray()), ChunkSyncProcessor.SYNCED);
        topology.addSink(InferenceProcessor.STATES, topics.expressionState().name(), Serdes.String().serializer(),
                topics.expressionState().valueSerde().serializer(), ChunkSyncProcessor.SYNCED);
        topology.addSink(InferenceProcessor.TAP, topics.sslSamples().name(), Serdes.String().serializer(),
                topics.sslSamples().valueSerde().serializer(), ChunkSyncProcessor.SYNCED);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.PENDING),
                Serdes.String(), Serdes.ByteArray()), ChunkSyncProcessor.SYNCED);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.WINDOWS),
                Serdes.String(), Serdes.ByteArray()), ChunkSyncProcessor.SYNCED);
        topology.addSink(InferenceProcessor.EVENTS, topics.expressions().name(), Serdes.String().serializer(),
                topics.expressions().valueSerde().serializer(), ChunkSyncProcessor.SYNCED);
        // the inference processor keys its dead letters by the participant key (UTF-8, the original key bytes)
        topology.addSink(InferenceProcessor.DLQ, topics.dlq().name(), Serdes.String().serializer(),
                deadLetters, ChunkSyncProcessor.SYNCED);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.PINS),
                Serdes.String(), Serdes.String()), ChunkSyncProcessor.SYNCED);
        addLabelPairing(topology, topics, inference, rules, deadLetters);
        addTranscripts(topology, topics, sync, deadLetters);
        return topology;
    }

    /** av.text → each participant's transcript so far, read by the inference processor. */
    private static void addTranscripts(Topology topology, Topics topics, SyncSettings sync,
                                       Serializer<ErrorRecord> deadLetters) {
        String source = "text-source";
        topology.addSource(source, Serdes.String().deserializer(), topics.text().valueSerde().deserializer(),
                topics.text().name());
        topology.addProcessor(TranscriptProcessor.NAME, () -> new TranscriptProcessor(sync.limits()), source);
        topology.addSink(TranscriptProcessor.DLQ, topics.dlq().name(), topics.dlq().keySerde().serializer(),
                deadLetters, TranscriptProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TranscriptProcessor.STORE),
                Serdes.String(), Serdes.String()), TranscriptProcessor.NAME, ChunkSyncProcessor.SYNCED);
    }

    /** labels.feedback and the chunks' features → labelled samples on ssl.samples. */
    private static void addLabelPairing(Topology topology, Topics topics, InferenceSettings inference,
                                        EventRules rules, Serializer<ErrorRecord> deadLetters) {
        String source = "labels-source";
        topology.addSource(source, Serdes.String().deserializer(), topics.labelsFeedback().valueSerde().deserializer(),
                topics.labelsFeedback().name());
        topology.addProcessor(LabelPairingProcessor.NAME, () -> new LabelPairingProcessor(inference.labelRetention(),
                rules, topics.labelsFeedback().name()), ChunkSyncProcessor.SYNCED, source);
        for (String store : List.of(LabelPairingProcessor.FEATURES_STORE, LabelPairingProcessor.LABELS_STORE)) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
                    Serdes.ByteArray()), LabelPairingProcessor.NAME);
        }
        topology.addSink(LabelPairingProcessor.SAMPLES, topics.sslSamples().name(), Serdes.String().serializer(),
                topics.sslSamples().valueSerde().serializer(), LabelPairingProcessor.NAME);
        topology.addSink(LabelPairingProcessor.DLQ, topics.dlq().name(), topics.dlq().keySerde().serializer(),
                deadLetters, LabelPairingProcessor.NAME);
    }
}
