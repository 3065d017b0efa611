package dev.affectstreams.kafka;

import dev.affectstreams.avro.ErrorRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters the bad records of compacted topics that every instance reads in full (consent,
 * models), exactly once per application: the readers themselves only skip such records (a
 * global store's thread cannot write dead letters, and every instance would write its own),
 * while this audit reads the topics in one consumer group shared by the instances and writes
 * each bad record's {@link ErrorRecord} in the same transaction as its offset.
 */
public final class CompactedTopicAudit implements AutoCloseable {

    /** Why a record of the topic is bad, or empty when it is fine. */
    @FunctionalInterface
    public interface Check {
        Optional<String> refusal(String key, byte[] value);
    }

    /** A topic to audit, the check of its records and the stage named in its dead letters. */
    public record Audited(String topic, String stage, Check check) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicAudit.class);

    private final Map<String, Object> clientProperties;
    private final String groupId;
    private final String dlqTopic;
    private final Map<String, Audited> audited = new HashMap<>();
    private final AvroSerde<ErrorRecord> errors = AvroSerde.of(ErrorRecord.class);
    private final DeadLetterCounts counts;
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;

    /** @param groupId the consumer group shared by every instance of the application */
    public CompactedTopicAudit(Map<String, Object> clientProperties, String groupId, String dlqTopic,
                               List<Audited> topics) {
        this(clientProperties, groupId, dlqTopic, topics, new DeadLetterCounts());
    }

    /** @param counts counts each dead letter the audit writes */
    public CompactedTopicAudit(Map<String, Object> clientProperties, String groupId, String dlqTopic,
                               List<Audited> topics, DeadLetterCounts counts) {
        this.counts = counts;
        this.clientProperties = Map.copyOf(clientProperties);
        this.groupId = groupId;
        this.dlqTopic = dlqTopic;
        topics.forEach(t -> audited.put(t.topic(), t));
        this.thread = new Thread(this::run, "audit-" + groupId);
        this.thread.setDaemon(true);
    }

    public CompactedTopicAudit start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                auditUntilFailure();
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Auditing {} failed ({}); starting again from the committed offsets", audited.keySet(),
                        e.toString());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void auditUntilFailure() {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> p = ProducerSettings.reliable(clientProperties);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-" + UUID.randomUUID());
        try (KafkaConsumer<byte[], byte[]> in = new KafkaConsumer<>(c,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> out = new KafkaProducer<>(p, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            consumer = in;
            if (!running) {
                return;
            }
            out.initTransactions();
            in.subscribe(audited.keySet());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = in.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    commit(records, in, out);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void commit(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> in,
                        KafkaProducer<byte[], byte[]> out) {
        out.beginTransaction();
        try {
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Audited a = audited.get(r.topic());
                a.check().refusal(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                        r.value()).ifPresent(reason -> {
                    ErrorRecord error = error(r, a.stage(), reason);
                    out.send(new ProducerRecord<>(dlqTopic, r.key(), errors.serialize(dlqTopic, error)));
                    counts.count(error);
                    LOG.warn("Dead-lettered {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
                });
                next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            out.sendOffsetsToTransaction(next, in.groupMetadata());
            out.commitTransaction();
        } catch (KafkaException e) {
            try {
                out.abortTransaction();
            } catch (KafkaException ignored) {
                // a fenced producer cannot abort; closing it is enough
            }
            throw e;
        }
    }

    private ErrorRecord error(ConsumerRecord<byte[], byte[]> r, String stage, String reason) {
        return DeadLetter.of(r).refused(stage, reason, null, System.currentTimeMillis(), groupId);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
