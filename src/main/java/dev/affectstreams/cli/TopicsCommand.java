package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.kafka.TopicAdmin.State;
import dev.affectstreams.kafka.TopicAdmin.TopicStatus;
import dev.affectstreams.kafka.TopicAdmin;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code topics create|list}: the application's topics on the configured cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create or list the application's topics (an in-process broker is started when no "
                + "--bootstrap-servers is given).",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every missing topic with the configured partitions, replication and cleanup "
                    + "policy (compacted: models, consent). Existing topics are left as they are.")
    static final class Create implements Callable<Integer> {

        @Mixin
        private ConfigOptions configOptions;

        @Mixin
        private ClusterOptions cluster;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            EffectiveConfig config = configOptions.load();
            try (KafkaConnection kafka = cluster.open(config, "topics create", spec.commandLine().getErr())) {
                TopicTable.print(spec.commandLine().getOut(),
                        TopicAdmin.ensure(kafka.clientProperties(), config));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the application's topics; exit code 3 when any is missing.")
    static final class ListTopics implements Callable<Integer> {

        static final int SOME_MISSING = 3;

        @Mixin
        private ConfigOptions configOptions;

        @Mixin
        private ClusterOptions cluster;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            EffectiveConfig config = configOptions.load();
            try (KafkaConnection kafka = cluster.open(config, "topics list", spec.commandLine().getErr())) {
                List<TopicStatus> statuses = TopicTable.status(kafka.clientProperties(), Topics.from(config));
                TopicTable.print(spec.commandLine().getOut(), statuses);
                return statuses.stream().anyMatch(s -> s.state() == State.MISSING) ? SOME_MISSING : 0;
            }
        }
    }
}
