package dev.affectstreams.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.Topic;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of every call as they are committed, for the live page: one consumer of the
 * expressions topic (read_committed, every partition, no group), starting a few minutes back so
 * the page opens on a timeline; it keeps the last minutes per participant ({@link CallTimelines})
 * and sends each new event to the page's server-sent-event streams of its call. A participant whose
 * consent no longer allows inference is neither kept nor sent, and within a second of the
 * withdrawal the pages showing the call are told to forget them (a {@code forget} event). One thread reads and sends: a
 * viewer whose connection fails is dropped at its next event.
 */
final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far back the timeline starts, and how many events per participant it keeps (one a second). */
    static final Duration HISTORY = Duration.ofMinutes(5);
    private static final Duration IDLE = Duration.ofMinutes(2);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration CONSENT_CHECK = Duration.ofSeconds(1);

    private record Viewer(String callId, HttpExchange exchange, OutputStream out) {
    }

    private final Map<String, Object> clientProperties;
    private final Topic<String, ExpressionEvent> topic;
    private final Predicate<String> allowed;
    private final CallTimelines timelines = new CallTimelines((int) HISTORY.toSeconds(), IDLE.toMillis());
    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile KafkaConsumer<String, ExpressionEvent> consumer;
    private volatile boolean running = true;
    private long lastKeepAlive = System.currentTimeMillis();
    private long lastConsentCheck = System.currentTimeMillis();

    /** @param allowed whether a participant key's consent allows inference now */
    LiveFeed(Map<String, Object> clientProperties, Topic<String, ExpressionEvent> topic, Predicate<String> allowed) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.allowed = allowed;
        this.thread = new Thread(this::run, "live-feed");
        this.thread.setDaemon(true);
    }

    LiveFeed start() {
        thread.start();
        return this;
    }

    /** Active calls. */
    List<CallTimelines.CallSummary> calls() {
        return timelines.calls(System.currentTimeMillis());
    }

    /** A call's participants with their last minutes of events, as the page reads them. */
    Map<String, List<Map<String, Object>>> call(String callId) {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        timelines.call(callId).forEach((participant, events) -> {
            if (allowed.test(callId + "/" + participant)) {
                out.put(participant, events.stream().map(EventView::of).toList());
            } else {
                timelines.forget(callId, participant);
            }
        });
        return out;
    }

    /** Streams the call's new events to {@code exchange} (headers already sent) until it fails or the feed closes. */
    void follow(String callId, HttpExchange exchange) throws IOException {
        OutputStream out = exchange.getResponseBody();
        out.write(": following\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        viewers.add(new Viewer(callId, exchange, out));
    }

    int viewers() {
        return viewers.size();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, ExpressionEvent> c = open()) {
                consumer = c;
                seekBack(c);
                while (running) {
                    poll(c);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("The live page's feed failed, reopening in 5 s: {}", e.toString());
                sleep(5_000);
            }
        }
    }

    private KafkaConsumer<String, ExpressionEvent> open() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Every partition, from {@link #HISTORY} ago (or the end, where nothing is that recent). */
    private void seekBack(KafkaConsumer<String, ExpressionEvent> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        c.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        c.assign(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - HISTORY.toMillis();
        partitions.forEach(p -> since.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(since);
        c.seekToEnd(partitions);
        offsets.forEach((p, o) -> {
            if (o != null) {
                c.seek(p, o.offset());
            }
        });
    }

    private void poll(KafkaConsumer<String, ExpressionEvent> c) {
        try {
            for (ConsumerRecord<String, ExpressionEvent> r : c.poll(Duration.ofMillis(250))) {
                ExpressionEvent e = r.value();
                if (e != null && allowed.test(e.getCallId() + "/" + e.getParticipantId())) {
                    timelines.add(e, System.currentTimeMillis());
                    send(e);
                }
            }
        } catch (RecordDeserializationException e) {
            c.seek(e.topicPartition(), e.offset() + 1); // not an event of this version: not shown
        }
        long now = System.currentTimeMillis();
        if (now - lastConsentCheck >= CONSENT_CHECK.toMillis()) {
            lastConsentCheck = now;
            forgetWithdrawn();
        }
        if (now - lastKeepAlive >= KEEPALIVE.toMillis()) {
            lastKeepAlive = now;
            viewers.forEach(v -> write(v, ": keepalive\n\n"));
        }
    }

    /** Participants whose consent no longer allows inference: dropped, and the pages told. */
    private void forgetWithdrawn() {
        for (String key : timelines.participantKeys()) {
            if (!allowed.test(key)) {
                int slash = key.indexOf('/');
                String call = key.substring(0, slash);
                String participant = key.substring(slash + 1);
                timelines.forget(call, participant);
                String frame = "event: forget\n" + frame(Map.of("participantId", participant));
                viewers.stream().filter(v -> v.callId().equals(call)).forEach(v -> write(v, frame));
            }
        }
    }

    private void send(ExpressionEvent e) {
        String frame = frame(EventView.of(e));
        for (Viewer v : viewers) {
            if (v.callId().equals(e.getCallId())) {
                write(v, frame);
            }
        }
    }

    /** A server-sent event's data line (JSON) and its end. */
    private static String frame(Object data) {
        try {
            return "data: " + JSON.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(Viewer v, String frame) {
        try {
            v.out().write(frame.getBytes(StandardCharsets.UTF_8));
            v.out().flush();
        } catch (IOException gone) {
            drop(v);
        }
    }

    private void drop(Viewer v) {
        viewers.remove(v);
        v.exchange().close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, ExpressionEvent> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        viewers.forEach(this::drop);
    }
}
