package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.EmbeddedSecurity;
import dev.affectstreams.kafka.InProcessBroker;
import dev.affectstreams.kafka.TopicAdmin;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the in-process single-node KRaft broker until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a real single-node Kafka broker (KRaft) in this process until Ctrl-C.",
            "Its data directory survives restarts; the application's topics are created if missing."})
final class BrokerCommand implements Callable<Integer> {

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Same as --set embedded.data.dir=DIR.")
    private Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "Same as --set embedded.port=PORT (0: any free port).")
    private Integer port;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        EffectiveConfig config = configOptions.load();
        if (dataDir != null) {
            config = config.with(Settings.EMBEDDED_DATA_DIR, dataDir);
        }
        if (port != null) {
            config = config.with(Settings.EMBEDDED_PORT, Settings.EMBEDDED_PORT.parse(port.toString()));
        }
        if (!config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            throw new IllegalArgumentException("`broker` runs its own broker; leave bootstrap.servers empty");
        }
        InProcessBroker.require();
        EmbeddedKafkaBroker.Security security = EmbeddedSecurity.from(config);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.get(Settings.EMBEDDED_DATA_DIR),
                config.get(Settings.EMBEDDED_PORT), security);
        Map<String, Object> admin = new HashMap<>(security == null ? Map.of()
                : EmbeddedSecurity.adminProperties(security));
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        TopicTable.print(spec.commandLine().getOut(),
                TopicAdmin.ensure(admin, config));
        spec.commandLine().getOut().printf("Kafka broker ready at %s%s (data in %s). Ctrl-C stops it.%n",
                broker.bootstrapServers(), security == null ? "" : " (SASL_SSL, SCRAM-SHA-256)",
                broker.dataDir().toAbsolutePath());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
