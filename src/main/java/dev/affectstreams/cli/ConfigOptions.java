package dev.affectstreams.cli;

import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The configuration options every command shares; later layers override earlier ones. */
public final class ConfigOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (overrides defaults; overridden by AFFECT_* variables and flags).")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Set any setting, or a Kafka client property as kafka.<property>. Repeatable; "
                    + "`affect-streams config` lists them.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to use. Without it an in-process broker is started. Same as --set "
                    + "bootstrap.servers=...")
    private String bootstrapServers;

    public EffectiveConfig load() {
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        if (bootstrapServers != null) {
            flags.put(Settings.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        }
        AffectStreamsCommand root = (AffectStreamsCommand) mixee.root().userObject();
        return ConfigLoader.load(configFile, root.environment(), flags);
    }
}
