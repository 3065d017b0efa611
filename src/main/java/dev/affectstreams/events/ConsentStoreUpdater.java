package dev.affectstreams.events;

import dev.affectstreams.avro.ConsentRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global consent store equal to the compacted consent topic; a tombstone withdraws everything. */
public final class ConsentStoreUpdater implements Processor<String, ConsentRecord, Void, Void> {

    public static final String STORE = "consent-global";

    private KeyValueStore<String, ConsentRecord> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ConsentRecord> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
