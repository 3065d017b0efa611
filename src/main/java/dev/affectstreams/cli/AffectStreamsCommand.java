package dev.affectstreams.cli;

import dev.affectstreams.cli.bench.BenchCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code affect-streams} command: parses, loads configuration, wires, starts. */
@Command(name = "affect-streams", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Live expression recognition on video calls, on Kafka Streams with the ConCluGen model.",
        subcommands = {BrokerCommand.class, TopicsCommand.class, ConfigCommand.class, FeaturesCommand.class,
            PretrainCommand.class, ProbeCommand.class, EvaluateCommand.class, SimulateCommand.class, IngestCommand.class, ProcessCommand.class, DemoCommand.class,
            ModelsCommand.class, RetrainCommand.class, BackbonesCommand.class, BenchCommand.class},
        footer = {"", "Settings layer as: defaults < --config file < AFFECT_* environment < flags."})
public final class AffectStreamsCommand implements Runnable {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    AffectStreamsCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
