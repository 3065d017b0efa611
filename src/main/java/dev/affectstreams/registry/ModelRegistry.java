package dev.affectstreams.registry;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topic;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.ProducerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: releases in the artifact store, their life cycle on the compacted models
 * topic. Every status change is an announcement; nothing in a release directory changes.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final ArtifactStore store;
    private final Topic<String, ModelRelease> topic;
    private final Map<String, Object> clientProperties;
    private final KafkaProducer<String, ModelRelease> producer;

    /** Takes the store over: closing the registry closes it. */
    public ModelRegistry(ArtifactStore store, Topic<String, ModelRelease> topic, Map<String, Object> clientProperties) {
        this.store = store;
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        this.producer = new KafkaProducer<>(ProducerSettings.reliable(clientProperties),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** The registry of the configured artifact store and models topic. */
    public static ModelRegistry configured(EffectiveConfig config, Map<String, Object> clientProperties) {
        return new ModelRegistry(ArtifactStore.configured(config), Topics.from(config).models(), clientProperties);
    }

    public ArtifactStore store() {
        return store;
    }

    /** Reads the models topic to its end. */
    public RegistryView read() throws IOException {
        return read(topic, clientProperties);
    }

    /** Reads a models topic to its end with the given client properties. */
    public static RegistryView read(Topic<String, ModelRelease> topic, Map<String, Object> clientProperties)
            throws IOException {
        RegistryView view = new RegistryView();
        try (KafkaConsumer<String, byte[]> consumer = consumer(clientProperties)) {
            List<TopicPartition> partitions = partitions(consumer, topic.name());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("could not read topic " + topic.name() + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    view.apply(r).ifPresent(bad -> LOG.warn("Skipping record {}-{}@{} of the models topic: {}",
                            bad.topic(), bad.partition(), bad.offset(), bad.reason()));
                }
            }
        }
        return view;
    }

    /**
     * A consumer of the models topic's raw records (no group, read_committed): records are
     * decoded one by one with {@link RegistryView#apply(ConsumerRecord)}, so no record can make
     * a poll fail.
     */
    public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) throws IOException {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IOException("topic " + topic + " does not exist; run `affect-streams topics create`");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    /** Announces a status of a release, waiting for the broker's acknowledgement. */
    public void announce(ModelRelease release) throws IOException {
        try {
            producer.send(new ProducerRecord<>(topic.name(),
                    ReleaseAnnouncements.key(release.getModelName(), release.getVersion()), release))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while announcing " + release.getVersion(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not announce release " + release.getModelName() + " " + release.getVersion()
                    + " on " + topic.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure the line has a live release: when the topic knows no promoted release of the
     * line, the given release is copied into the store and announced as promoted.
     *
     * @return the live release's announcement
     */
    public ModelRelease ensureLive(Release initial) throws IOException {
        String line = initial.manifest().modelName();
        RegistryView view = read();
        var live = view.live(line);
        if (live.isPresent()) {
            return live.get().release();
        }
        Release stored = store.importRelease(initial);
        ModelRelease announced = ReleaseAnnouncements.of(stored,
                store.uri(stored.manifest().modelName(), stored.manifest().version()), ReleaseStatus.PROMOTED,
                "initial release of the line");
        announce(announced);
        return announced;
    }

    /**
     * Promotes a release by hand (even one the gate rejected), after verifying its files.
     */
    public ModelRelease promote(String modelName, String version, String reason) throws IOException {
        RegistryView.Entry entry = read().release(modelName, version).orElseThrow(() -> new IOException(
                "the models topic knows no release " + modelName + " " + version));
        store.open(entry.release());
        ModelRelease promoted = ReleaseAnnouncements.withStatus(entry.release(), ReleaseStatus.PROMOTED, reason);
        announce(promoted);
        return promoted;
    }

    /**
     * Rolls the live release of a line back: it is announced ROLLED_BACK, which makes the
     * previously promoted release live again.
     *
     * @return the release that is live afterwards
     */
    public ModelRelease rollback(String modelName, String reason) throws IOException {
        RegistryView view = read();
        RegistryView.Entry live = view.live(modelName).orElseThrow(() -> new IOException(
                "line " + modelName + " has no live release to roll back"));
        ModelRelease rolledBack = ReleaseAnnouncements.withStatus(live.release(), ReleaseStatus.ROLLED_BACK, reason);
        view.apply(rolledBack, Long.MAX_VALUE);
        RegistryView.Entry previous = view.live(modelName).orElseThrow(() -> new IOException(
                "line " + modelName + " has no earlier promoted release to return to; promote one first"));
        announce(rolledBack);
        return previous.release();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        store.close();
    }
}
