package dev.affectstreams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real KRaft cluster of combined brokers and controllers in this JVM, for tests of broker
 * faults: internal topics are replicated to every node and need all but one in sync, so the
 * cluster goes on when any one node is stopped; a stopped node can be started again on its data.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final List<Properties> nodes;
    private final KafkaRaftServer[] servers;
    private final String bootstrapServers;

    private EmbeddedKafkaCluster(List<Properties> nodes, String bootstrapServers) {
        this.nodes = nodes;
        this.servers = new KafkaRaftServer[nodes.size()];
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats {@code size} nodes under {@code dir} and starts them together (a quorum needs a majority). */
    public static EmbeddedKafkaCluster start(Path dir, int size) {
        int[] clientPorts = IntStream.range(0, size).map(i -> EmbeddedKafkaBroker.freePort()).toArray();
        int[] controllerPorts = IntStream.range(0, size).map(i -> EmbeddedKafkaBroker.freePort()).toArray();
        String voters = IntStream.range(0, size).mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        List<Properties> nodes = new ArrayList<>();
        try {
            String clusterId = Uuid.randomUuid().toString();
            for (int i = 0; i < size; i++) {
                Path nodeDir = dir.resolve("node-" + (i + 1)).toAbsolutePath();
                Files.createDirectories(nodeDir.resolve("log"));
                Files.writeString(nodeDir.resolve("cluster.id"), clusterId);
                Properties p = EmbeddedKafkaBroker.nodeProperties(i + 1, voters, clientPorts[i], controllerPorts[i],
                        nodeDir.resolve("log"), size);
                EmbeddedKafkaBroker.format(nodeDir, p, null);
                nodes.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String bootstrap = IntStream.of(clientPorts).mapToObj(p -> "localhost:" + p).collect(Collectors.joining(","));
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes, bootstrap);
        CompletableFuture.allOf(IntStream.range(0, size).mapToObj(i -> CompletableFuture.runAsync(() ->
                cluster.startNode(i + 1))).toArray(CompletableFuture[]::new)).join();
        return cluster;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops a node at once (no controlled shutdown: its partitions lose their leader). */
    public void stopNode(int id) {
        KafkaRaftServer server = servers[id - 1];
        if (server != null) {
            servers[id - 1] = null;
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /** Starts a node again on its data. */
    public void startNode(int id) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(nodes.get(id - 1), false), Time.SYSTEM);
        server.startup();
        servers[id - 1] = server;
    }

    @Override
    public void close() {
        CompletableFuture.allOf(IntStream.rangeClosed(1, nodes.size()).mapToObj(id -> CompletableFuture.runAsync(() ->
                stopNode(id))).toArray(CompletableFuture[]::new)).join();
    }
}
