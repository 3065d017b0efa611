package dev.affectstreams.inference;

import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.events.ConsentPolicy;
import dev.affectstreams.events.ConsentStoreUpdater;
import dev.affectstreams.events.ExpressionSmoother;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries of the participants' smoothed states: which instance holds a key, the
 * local state of a key, and the local participants of a call.
 */
public final class StateQueries {

    private final KafkaStreams streams;
    private final ConsentPolicy consent;

    /** @param consent states are answered only for participants whose consent allows inference now */
    public StateQueries(KafkaStreams streams, ConsentPolicy consent) {
        this.streams = streams;
        this.consent = consent;
    }

    /** The instance that holds a participant's state, empty while the group rebalances. */
    public Optional<HostInfo> owner(String participantKey) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(InferenceProcessor.STATE_STORE, participantKey,
                Serdes.String().serializer());
        return meta == null || meta.activeHost() == null || meta.activeHost().port() < 0
                ? Optional.empty() : Optional.of(meta.activeHost());
    }

    /**
     * The state of a key this instance holds. Read from the key's own partition, so a task that
     * has just moved here and is still being restored from its changelog raises
     * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} (the caller answers
     * "retry") instead of passing for a participant without state.
     */
    public Optional<ExpressionSmoother.State> local(String participantKey) {
        if (!allowed(consentRecords(), participantKey)) {
            return Optional.empty();
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(InferenceProcessor.STATE_STORE, participantKey,
                Serdes.String().serializer());
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> query = StoreQueryParameters.fromNameAndType(
                InferenceProcessor.STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore());
        if (meta != null && meta.partition() >= 0) {
            query = query.withPartition(meta.partition());
        }
        return Optional.ofNullable(StateCodec.decode(streams.store(query).get(participantKey)));
    }

    /**
     * Whether the participant's consent allows inference now; false while the consent table cannot
     * be read (restoring, or the application not running).
     */
    public boolean allowsInference(String participantKey) {
        try {
            return allowed(consentRecords(), participantKey);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * Whether the participant's consent allows inference now: a withdrawal hides the state at
     * once, before the live path removes it from its stores (within a second).
     */
    private boolean allowed(ReadOnlyKeyValueStore<String, ConsentRecord> records,
                            String participantKey) {
        return consent.inference(records.get(participantKey)) == ConsentPolicy.Decision.ALLOWED;
    }

    private ReadOnlyKeyValueStore<String, ConsentRecord> consentRecords() {
        return streams.store(StoreQueryParameters.fromNameAndType(ConsentStoreUpdater.STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    /** States of this instance's participants of a call, by participant id. */
    public Map<String, ExpressionSmoother.State> localCall(String callId) {
        Map<String, ExpressionSmoother.State> out = new LinkedHashMap<>();
        String prefix = callId + "/";
        var records = consentRecords();
        try (KeyValueIterator<String, byte[]> it = store().prefixScan(prefix, Serdes.String().serializer())) {
            while (it.hasNext()) {
                var kv = it.next();
                if (allowed(records, kv.key)) {
                    out.put(kv.key.substring(prefix.length()), StateCodec.decode(kv.value));
                }
            }
        }
        return out;
    }

    /**
     * The participant streams pinned to each release on this instance (release version to
     * count); empty while the stores are being moved or restored.
     */
    public Map<String, Long> localPins() {
        Map<String, Long> counts = new TreeMap<>();
        try (KeyValueIterator<String, String> it = streams.store(StoreQueryParameters.fromNameAndType(
                InferenceProcessor.PINS, QueryableStoreTypes.<String, String>keyValueStore())).all()) {
            while (it.hasNext()) {
                ReleasePin.parse(it.next().value).ifPresent(pin -> counts.merge(pin.version(), 1L, Long::sum));
            }
        } catch (InvalidStateStoreException e) {
            return Map.of();
        }
        return counts;
    }

    /** Every instance of the application, this one included. */
    public Collection<HostInfo> instances() {
        return streams.metadataForAllStreamsClients().stream().map(m -> m.hostInfo()).toList();
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(InferenceProcessor.STATE_STORE,
                QueryableStoreTypes.keyValueStore()));
    }
}
