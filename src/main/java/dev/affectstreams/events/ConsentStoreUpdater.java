package dev.affectstreams.events;

import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.kafka.CompactedTopicAudit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global consent store equal to the compacted consent topic; a tombstone withdraws
 * everything. It reads raw bytes, so no record can stop the global thread (which cannot write
 * dead letters): a record that is not a valid consent record withdraws its key's consent, is
 * counted and logged, and is dead-lettered once by the {@link CompactedTopicAudit}.
 */
public final class ConsentStoreUpdater implements Processor<String, byte[], Void, Void> {

    public static final String STORE = "consent-global";
    private static final Logger LOG = LoggerFactory.getLogger(ConsentStoreUpdater.class);

    private final LiveCounters counters;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ConsentRecord> store;

    public ConsentStoreUpdater(LiveCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ConsentRecords.Read read = ConsentRecords.read(record.key(), record.value());
        if (read.refusal() != null) {
            counters.badConsent.incrementAndGet();
            LOG.warn("Consent record {} at {} is not valid, treated as withdrawn: {}", record.key(),
                    context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"),
                    read.refusal());
            if (record.key() != null) {
                store.delete(record.key());
            }
            return;
        }
        if (read.record() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), read.record());
        }
    }
}
