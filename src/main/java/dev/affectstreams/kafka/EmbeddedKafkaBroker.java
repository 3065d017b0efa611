package dev.affectstreams.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined broker and KRaft controller) running in this JVM.
 * Its data directory is formatted on first use and reused afterwards, so topics and records
 * survive restarts. Settings are those exactly-once processing needs on one node. With a
 * {@link Security}, its client listener is SASL_SSL with SCRAM-SHA-256 (the users are created
 * when the directory is formatted), and brokers talk to each other over it as user
 * {@value #BROKER_USER}; the KRaft controller listener stays on loopback.
 * <p>Its length is the KRaft configuration of one combined node, plain and SASL_SSL, kept in one place so the in-process broker and {@code broker} cannot drift apart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "localhost";
    /** The SCRAM user the broker itself authenticates as on its own listener. */
    public static final String BROKER_USER = "broker";
    public static final String SCRAM = "SCRAM-SHA-256";

    /**
     * A SASL_SSL client listener.
     *
     * @param keystore         PKCS12 keystore with the broker's key and certificate, and the CA that
     *                         signed it as a trusted certificate (the broker connects to itself)
     * @param keystorePassword password of the keystore and its key
     * @param users            SCRAM users (name to password) created when the data directory is
     *                         formatted; {@value #BROKER_USER} must be one of them
     */
    public record Security(Path keystore, String keystorePassword, Map<String, String> users) {
        public Security {
            if (!users.containsKey(BROKER_USER)) {
                throw new IllegalArgumentException("the SCRAM users must include '" + BROKER_USER
                        + "', the user the broker authenticates as");
            }
        }

        @Override
        public String toString() {
            return "Security[keystore=" + keystore + ", users=" + users.keySet() + "]";
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker.
     *
     * @param port client port on localhost, 0 for a free one
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker.
     *
     * @param port     client port on localhost, 0 for a free one
     * @param security a SASL_SSL listener, or null for PLAINTEXT
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Security security) {
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path logDir = dataDir.toAbsolutePath().resolve("log");
        Properties props = brokerProperties(logDir, clientPort, controllerPort);
        if (security != null) {
            secure(props, security, clientPort, controllerPort);
        }
        try {
            Files.createDirectories(logDir);
            format(dataDir.toAbsolutePath(), props, security);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker data directory " + dataDir, e);
        }
        ensurePortFree(clientPort);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException("the embedded Kafka broker failed to start in " + dataDir
                    + " (is another broker using this data directory?): " + e.getMessage(), e);
        }
        String bootstrap = HOST + ":" + clientPort;
        LOG.info("Embedded Kafka broker ready at {} (data in {})", bootstrap, dataDir);
        return new EmbeddedKafkaBroker(server, bootstrap, dataDir);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
        return nodeProperties(1, "1@" + HOST + ":" + controllerPort, clientPort, controllerPort, logDir, 1);
    }

    /**
     * The settings of one combined broker and controller of a cluster whose controllers are
     * {@code voters} ({@code id@host:port,...}); internal topics get {@code replication}
     * replicas and need all but one of them in sync (one where there is one).
     */
    static Properties nodeProperties(int nodeId, String voters, int clientPort, int controllerPort, Path logDir,
                                     int replication) {
        String minIsr = String.valueOf(Math.max(1, replication - 1));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", String.valueOf(replication));
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", String.valueOf(replication));
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", String.valueOf(replication));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("controlled.shutdown.enable", "false");
        return p;
    }

    private static void secure(Properties p, Security security, int clientPort, int controllerPort) {
        p.put("listeners", "SASL_SSL://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://" + HOST + ":" + clientPort);
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", SCRAM);
        p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
        p.put("listener.name.sasl_ssl." + SCRAM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                jaas(BROKER_USER, security.users().get(BROKER_USER)));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", security.keystore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", security.keystorePassword());
        p.put("ssl.key.password", security.keystorePassword());
        // the broker is a client of its own listener: it must trust the CA that signed its certificate
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", security.keystore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", security.keystorePassword());
        p.put("ssl.client.auth", "none");
    }

    /** A SCRAM login for the {@code sasl.jaas.config} of a client or listener. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\";";
    }

    /** Formats the log directory once; later starts keep the cluster id and the data. */
    static void format(Path dataDir, Properties props, Security security) throws IOException {
        Path configFile = dataDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(out, "written by affect-streams for the embedded broker; rewritten at every start");
        }
        ownerOnly(configFile); // it holds the keystore password and the broker's SCRAM password
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).strip();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "-t", clusterId, "-c",
                    configFile.toString(), "--ignore-formatted"));
            if (security != null) {
                security.users().forEach((user, password) -> {
                    args.add("--add-scram");
                    args.add(SCRAM + "=[name=" + user + ",password=" + password + "]");
                });
            }
            rc = StorageTool.execute(args.toArray(String[]::new), print);
        }
        if (rc != 0) {
            throw new IOException("formatting " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.warn("Could not make {} readable by its owner only: {}", file, e.getMessage());
        }
    }

    private static void ensurePortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + HOST + " is in use: is another broker (e.g. "
                    + "`affect-streams broker`) running? Pass --bootstrap-servers " + HOST + ":" + port
                    + " to use it, or --set embedded.port=0 for a free port", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
