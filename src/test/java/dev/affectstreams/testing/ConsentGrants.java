package dev.affectstreams.testing;

import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import dev.affectstreams.config.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Consent records on a real broker: participants who allow inference and retraining. */
public final class ConsentGrants {

    private ConsentGrants() {
    }

    /** @param keys participant keys, {@code callId/participantId} */
    public static void allow(Map<String, Object> client, Topics topics, String... keys) {
        publish(client, topics, true, keys);
    }

    /** Consent to inference and retraining withdrawn. */
    public static void withdraw(Map<String, Object> client, Topics topics, String... keys) {
        publish(client, topics, false, keys);
    }

    private static void publish(Map<String, Object> client, Topics topics, boolean allowed, String... keys) {
        try (var producer = new KafkaProducer<>(client,
                topics.consent().keySerde().serializer(), topics.consent().valueSerde().serializer())) {
            for (String key : keys) {
                String[] ids = key.split("/");
                producer.send(new ProducerRecord<>(topics.consent().name(), key,
                        ConsentRecord.newBuilder().setCallId(ids[0]).setParticipantId(ids[1])
                                .setInferenceAllowed(allowed).setRetrainingAllowed(allowed).setJurisdiction("US")
                                .setContext(CallContext.CUSTOMER_SERVICE)
                                .setUpdatedAt(Instant.now()).build()));
            }
        }
    }
}
