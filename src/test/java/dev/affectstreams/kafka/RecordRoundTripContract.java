package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topic;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.TopicAdmin.State;
import dev.affectstreams.kafka.TopicAdmin.TopicStatus;
import dev.affectstreams.testing.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every Kafka the application runs on must do with the contract: topics created
 * idempotently with the right cleanup policy, every record type round-tripped through its
 * serde, and corrupt payloads reported as typed errors without stopping the consumer.
 */
abstract class RecordRoundTripContract {

    private Topics topics;
    private EffectiveConfig config;

    abstract String bootstrapServers();

    @BeforeEach
    void createTopics() {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Map<String, String> flags = new LinkedHashMap<>();
        for (String key : List.of("audio", "video", "text", "expressions", "expression.state", "ssl.samples",
                "labels.feedback", "models", "consent", "dlq")) {
            flags.put("topic." + key, prefix + key);
        }
        config = ConfigLoader.load(null, Map.of(), flags);
        topics = Topics.from(config);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
        }
    }

    @Test
    void shouldCreateTopicsIdempotentlyWithTheirCleanupPolicy() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            List<TopicStatus> again = new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);

            assertThat(again).extracting(TopicStatus::state).containsOnly(State.EXISTING);
            assertThat(again).extracting(TopicStatus::partitions).containsOnly(2);
            ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, topics.models().name());
            ConfigResource audio = new ConfigResource(ConfigResource.Type.TOPIC, topics.audio().name());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(models, audio)).all().get();
            assertThat(configs.get(models).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(configs.get(audio).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
        }
    }

    @Test
    void shouldRoundTripEveryRecordThroughItsTopic() {
        String key = SampleRecords.KEY;
        roundTrip(topics.audio(), key, SampleRecords.audio());
        roundTrip(topics.video(), key, SampleRecords.video());
        roundTrip(topics.text(), key, SampleRecords.transcript());
        roundTrip(topics.expressions(), key, SampleRecords.expressionEvent());
        roundTrip(topics.expressionState(), key, SampleRecords.expressionState());
        roundTrip(topics.sslSamples(), key, SampleRecords.trainingSample());
        roundTrip(topics.labelsFeedback(), key, SampleRecords.labelFeedback());
        roundTrip(topics.models(), "conclugen", SampleRecords.modelRelease());
        roundTrip(topics.consent(), key, SampleRecords.consent());
        roundTrip(topics.dlq(), Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), SampleRecords.error());
    }

    @Test
    void shouldReportCorruptPayloadsAsTypedErrorsAndKeepConsuming() {
        Topic<String, VideoChunk> video = topics.video();
        byte[] unknownFingerprint = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        byte[] good = video.valueSerde().serializer().serialize(video.name(), SampleRecords.video());
        sendRaw(video.name(), List.of("not avro".getBytes(StandardCharsets.UTF_8), unknownFingerprint, good));

        try (KafkaConsumer<String, VideoChunk> consumer = consumer(video)) {
            TopicPartition partition = new TopicPartition(video.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));

            List<RecordDecodingException.Reason> reasons = new ArrayList<>();
            List<VideoChunk> decoded = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (decoded.isEmpty() && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> decoded.add(r.value()));
                } catch (RecordDeserializationException e) {
                    assertThat(e.getCause()).isInstanceOf(RecordDecodingException.class);
                    reasons.add(((RecordDecodingException) e.getCause()).reason());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }

            assertThat(reasons).containsExactly(RecordDecodingException.Reason.BAD_HEADER,
                    RecordDecodingException.Reason.UNKNOWN_SCHEMA);
            assertThat(decoded).containsExactly(SampleRecords.video());
        }
    }

    @Test
    void shouldRefuseToDecodeARecordOfAnotherTypeFromTheWrongTopic() {
        byte[] audio = topics.audio().valueSerde().serializer().serialize("x", SampleRecords.audio());

        assertThatThrownBy(() -> topics.video().valueSerde().deserializer().deserialize("x", audio))
                .isInstanceOfSatisfying(RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.UNKNOWN_SCHEMA));
    }

    private <K, V> void roundTrip(Topic<K, V> topic, K key, V value) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(producerProps(), topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic.name(), e);
        }
        try (KafkaConsumer<K, V> consumer = consumer(topic)) {
            consumer.subscribe(Set.of(topic.name()));
            List<ConsumerRecord<K, V>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertThat(received).as("records read back from %s", topic.name()).hasSize(1);
            assertThat(received.get(0).key()).isEqualTo(key);
            assertThat(received.get(0).value()).isEqualTo(value);
        }
    }

    private void sendRaw(String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic, e);
        }
    }

    private Map<String, Object> producerProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    }

    private <K, V> KafkaConsumer<K, V> consumer(Topic<K, V> topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "rt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
