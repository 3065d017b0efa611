package dev.affectstreams.cli;

import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.config.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Records the consent the demo's own simulated participants give. */
final class ConsentPublisher {

    private ConsentPublisher() {
    }

    static void allowAll(Map<String, Object> client, Topics topics, List<String> keys) {
        try (KafkaProducer<String, ConsentRecord> producer = new KafkaProducer<>(client,
                topics.consent().keySerde().serializer(), topics.consent().valueSerde().serializer())) {
            for (String key : keys) {
                String[] ids = key.split("/", 2);
                producer.send(new ProducerRecord<>(topics.consent().name(), key, ConsentRecord.newBuilder()
                        .setCallId(ids[0]).setParticipantId(ids[1]).setInferenceAllowed(true).setRetrainingAllowed(true)
                        .setJurisdiction("ZZ").setContext(CallContext.RESEARCH).setUpdatedAt(Instant.now()).build()));
            }
        }
    }
}
