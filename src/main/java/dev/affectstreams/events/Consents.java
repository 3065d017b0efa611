package dev.affectstreams.events;

import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.ProducerSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Records consent given by simulated participants (demo and benchmarks): inference and retraining allowed. */
public final class Consents {

    private Consents() {
    }

    public static void allow(Map<String, Object> client, Topics topics, List<String> keys) {
        try (KafkaProducer<String, ConsentRecord> producer = new KafkaProducer<>(
                ProducerSettings.reliable(client),
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
