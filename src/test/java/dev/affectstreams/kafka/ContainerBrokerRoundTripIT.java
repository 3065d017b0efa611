package dev.affectstreams.kafka;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same contract on the Apache Kafka image, where a Docker engine is available; skipped otherwise. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerRoundTripIT extends RecordRoundTripContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
