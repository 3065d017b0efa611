package dev.affectstreams.registry;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.config.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic on a background thread and hands every changed registry view to a
 * listener, and the same view again every {@code redeliverEvery} (so a listener can retry what
 * failed). Records are decoded one by one: a bad one is reported and skipped. A broker error
 * does not stop it: it reads the topic again after a pause.
 */
public final class RegistryFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);

    private final Topic<String, ModelRelease> topic;
    private final Map<String, Object> clientProperties;
    private final Consumer<RegistryView> listener;
    private final Consumer<RegistryView.Refused> refused;
    private final Duration redeliverEvery;
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    /**
     * @param listener called on the follower's thread with each changed view
     * @param refused  called for each record that is not a valid announcement
     */
    public RegistryFollower(Topic<String, ModelRelease> topic, Map<String, Object> clientProperties, String name,
                            Consumer<RegistryView> listener, Consumer<RegistryView.Refused> refused,
                            Duration redeliverEvery) {
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        this.listener = listener;
        this.refused = refused;
        this.redeliverEvery = redeliverEvery;
        this.thread = new Thread(this::follow, "registry-follower-" + name);
        this.thread.setDaemon(true);
    }

    /** Reads the topic to its end (blocking) and returns that view; then follows it in the background. */
    public RegistryView start() throws IOException {
        RegistryView view = ModelRegistry.read(topic, clientProperties);
        thread.start();
        return view;
    }

    private void follow() {
        while (running) {
            try {
                followOnce();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.error("Following {} failed; reading it again in {} s", topic.name(), AFTER_FAILURE.toSeconds(), e);
                sleepQuietly(AFTER_FAILURE);
            }
        }
    }

    private void followOnce() {
        RegistryView view = new RegistryView();
        try (KafkaConsumer<String, byte[]> c = ModelRegistry.consumer(clientProperties)) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long delivered = System.nanoTime();
            while (running) {
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                    var refusal = view.apply(r);
                    if (refusal.isPresent()) {
                        refused.accept(refusal.get());
                    } else {
                        changed = true;
                    }
                }
                if (changed || System.nanoTime() - delivered >= redeliverEvery.toNanos()) {
                    listener.accept(view);
                    delivered = System.nanoTime();
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Waits, but returns within a tenth of a second once the follower is closed. */
    private void sleepQuietly(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
