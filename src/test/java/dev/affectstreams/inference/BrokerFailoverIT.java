package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.app.LivePath;
import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.EmbeddedKafkaBrokerPorts;
import dev.affectstreams.kafka.EmbeddedKafkaCluster;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.ReadCommitted;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker faults during a real-time call (two participants, one chunk per second each): on a
 * three-node cluster (replication 3, min ISR 2) the leader of an input partition is stopped,
 * started again, then the leader of an output partition is stopped; on a single broker, the
 * broker is stopped for 10 s. A read_committed consumer then sees every (participant, slot)
 * event exactly once.
 */
class BrokerFailoverIT {

    private static final int SECONDS = 30;
    private static final int PARTICIPANTS = 2;

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDuplicateNothingWhenPartitionLeadersFail() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir.resolve("cluster"), 3)) {
            EffectiveConfig config = config(cluster.bootstrapServers(), "3", "failover-it");
            Map<String, Object> client = Map.of("bootstrap.servers", cluster.bootstrapServers());
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 3);
                int[] stopped = new int[1];
                runCall(config, client, topics, "failover", Map.of(
                        8, () -> {
                            stopped[0] = leaderOf(admin, cluster, topics.video().name());
                            cluster.stopNode(stopped[0]);
                        },
                        16, () -> cluster.startNode(stopped[0]),
                        20, () -> cluster.stopNode(leaderOf(admin, cluster, topics.expressions().name()))));
            }
        }
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheOnlyBrokerIsDownForTenSeconds() throws Exception {
        int port = EmbeddedKafkaBrokerPorts.free();
        EmbeddedKafkaBroker[] broker = {EmbeddedKafkaBroker.start(dir.resolve("single"), port)};
        try {
            EffectiveConfig config = config(broker[0].bootstrapServers(), "1", "outage-it");
            Map<String, Object> client = Map.of("bootstrap.servers", broker[0].bootstrapServers());
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            runCall(config, client, topics, "outage", Map.of(
                    8, () -> broker[0].close(),
                    18, () -> broker[0] = EmbeddedKafkaBroker.start(dir.resolve("single"), port)));
        } finally {
            broker[0].close();
        }
    }

    private EffectiveConfig config(String bootstrap, String replication, String app) {
        return ConfigLoader.load(null, Map.of(), Map.ofEntries(Map.entry("bootstrap.servers", bootstrap),
                Map.entry("streams.state.dir", dir.resolve("state-" + app).toString()),
                Map.entry("model.dir", Path.of("target", "it-models").toAbsolutePath().toString()),
                Map.entry("registry.dir", dir.resolve("registry-" + app).toString()),
                Map.entry("application.id", app), Map.entry("device", "cpu"), Map.entry("http.port", "-1"),
                Map.entry("topics.partitions", "2"), Map.entry("topics.replication.factor", replication)));
    }

    /**
     * Publishes the call in real time with the process running and runs each fault at its second
     * of the call on a clock of its own (the publisher may block while brokers are away), then
     * checks that every slot's event arrived exactly once.
     */
    private void runCall(EffectiveConfig config, Map<String, Object> client, Topics topics, String callId,
                         Map<Integer, Runnable> faults) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int p = 1; p <= PARTICIPANTS; p++) {
            keys.add(callId + "/p" + p);
        }
        Consents.allow(client, topics, keys);
        Release initial = ServedLine.initial(config, client, ServedLine.configured(config, line -> { }), line -> { });
        List<ExpressionEvent> seen = new ArrayList<>();
        try (LivePath app = new LivePath(config, client, initial, InferenceSettings.from(config));
             KafkaConsumer<String, ExpressionEvent> consumer = ReadCommitted.events(client, topics)) {
            app.start();
            SimulatedCall call = new SimulatedCall(callId, PARTICIPANTS, 12, 160, 120, 10);
            long start = System.nanoTime();
            var clock = Executors.newSingleThreadScheduledExecutor();
            List<ScheduledFuture<?>> scheduled = new ArrayList<>();
            faults.forEach((second, fault) -> scheduled.add(clock.schedule(fault, second,
                    TimeUnit.SECONDS)));
            try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                    Clock.systemUTC())) {
                for (int s = 0; s < SECONDS; s++) {
                    for (ParticipantSecond p : call.next()) {
                        publisher.publish(new CapturedSecond(callId, p.participantId(), p.seq(), p.frames(),
                                p.frameOffsetsMicros(), p.audio(), 10));
                    }
                    long due = start + Duration.ofSeconds(s + 1).toNanos();
                    while (System.nanoTime() < due) {
                        consumer.poll(Duration.ofMillis(Math.max(1, (due - System.nanoTime()) / 1_000_000)))
                                .forEach(r -> seen.add(r.value()));
                    }
                }
            }
            for (var f : scheduled) {
                f.get(60, TimeUnit.SECONDS); // a fault that failed fails the test
            }
            clock.shutdown();
            ReadCommitted.collect(consumer, seen, SECONDS * PARTICIPANTS, Duration.ofSeconds(120));
            ReadCommitted.expectNoMore(consumer, seen, SECONDS * PARTICIPANTS, Duration.ofSeconds(5));
        }
        assertThat(seen).extracting(e -> e.getParticipantId() + "#" + e.getSeq()).doesNotHaveDuplicates()
                .hasSize(SECONDS * PARTICIPANTS);
    }

    private static int leaderOf(Admin admin, EmbeddedKafkaCluster cluster, String topic) {
        try {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().get(0).leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the leader of " + topic, e);
        }
    }
}
