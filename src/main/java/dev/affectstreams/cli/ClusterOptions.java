package dev.affectstreams.cli;

import dev.affectstreams.config.ConfigException;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.kafka.KafkaConnection;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * For commands that act on a cluster's topics or registry: without {@code --bootstrap-servers}
 * they refuse, rather than act on a broker that exists only while they run, unless
 * {@code --embedded} asks for the in-process broker of {@code embedded.data.dir}.
 */
final class ClusterOptions {

    @Option(names = "--embedded", description = "Without --bootstrap-servers, act on the in-process broker kept in "
            + "embedded.data.dir (started for this command and stopped after it).")
    boolean embedded;

    /** The connection the command acts on; says so when it is an in-process broker. */
    KafkaConnection open(EffectiveConfig config, String command, PrintWriter err) {
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank() && !embedded) {
            throw new ConfigException(command + " acts on a Kafka cluster: give --bootstrap-servers HOST:PORT (or the "
                    + "bootstrap.servers setting), or --embedded for the in-process broker kept in "
                    + config.get(Settings.EMBEDDED_DATA_DIR));
        }
        KafkaConnection kafka = KafkaConnection.open(config);
        announce(kafka, config, err);
        return kafka;
    }

    /** One line on standard error when a command runs on an in-process broker of its own. */
    static void announce(KafkaConnection kafka, EffectiveConfig config, PrintWriter err) {
        if (kafka.embedded()) {
            err.printf("No bootstrap.servers: using an in-process broker at %s (data in %s) for this command only%n",
                    kafka.bootstrapServers(), config.get(Settings.EMBEDDED_DATA_DIR));
            err.flush();
        }
    }
}
