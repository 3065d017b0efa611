package dev.affectstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.RegistryView;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code models list|show|promote|rollback}: the model registry on the models topic. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, inspect, promote or roll back model releases (the registry: releases in registry.dir, "
                + "their status on the models topic).",
        subcommands = {ModelsCommand.ListReleases.class, ModelsCommand.Show.class, ModelsCommand.Promote.class,
                ModelsCommand.Rollback.class})
final class ModelsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand shares. */
    static final class Line {
        @Option(names = "--model", paramLabel = "NAME",
                description = "Model line; may be left out when the models topic knows only one.")
        String model;

        String resolve(RegistryView view) {
            if (model != null) {
                return model;
            }
            List<String> lines = view.modelNames();
            if (lines.size() != 1) {
                throw new IllegalArgumentException(lines.isEmpty() ? "the models topic knows no release yet"
                        : "several model lines are known " + lines + "; choose one with --model");
            }
            return lines.get(0);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every release of a line with its status, parent, held-out weighted F1 and whether it "
                    + "verifies (in the store, files matching the announcement's SHA-256); * marks the live one.")
    static final class ListReleases implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;

        @Mixin
        ClusterOptions cluster;
        @Mixin
        Line line;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            EffectiveConfig config = configOptions.load();
            PrintWriter out = spec.commandLine().getOut();
            try (KafkaConnection kafka = cluster.open(config, "models", spec.commandLine().getErr());
                 ArtifactStore store = ArtifactStore.configured(config)) {
                RegistryView view = ModelRegistry.read(Topics.from(config).models(), kafka.clientProperties());
                String name = line.resolve(view);
                String live = view.live(name).map(RegistryView.Entry::version).orElse(null);
                out.printf("%-2s%-10s %-12s %-8s %-8s %-24s %-9s %s%n", "", "VERSION", "STATUS", "PARENT", "F1",
                        "CREATED", "VERIFIED", "REASON");
                List<String> problems = new ArrayList<>();
                for (RegistryView.Entry e : view.releases(name)) {
                    ModelRelease r = e.release();
                    Double f1 = r.getMetrics().get("heldout.f1_weighted");
                    if (f1 == null) {
                        f1 = r.getMetrics().get("validation.f1_weighted");
                    }
                    String verified = verify(store, r, problems);
                    out.printf("%-2s%-10s %-12s %-8s %-8s %-24s %-9s %s%n", e.version().equals(live) ? "*" : "",
                            e.version(), r.getStatus(), r.getParentVersion() == null ? "-" : r.getParentVersion(),
                            f1 == null ? "-" : String.format("%.4f", f1), r.getCreatedAt(), verified,
                            r.getStatusReason() == null ? "" : r.getStatusReason());
                }
                problems.forEach(out::println);
                for (RegistryView.Refused bad : view.refused()) {
                    out.printf("skipped record %s-%d@%d of the models topic: %s%n", bad.topic(), bad.partition(),
                            bad.offset(), bad.reason());
                }
                out.flush();
            }
            return 0;
        }
    }

    /**
     * "yes" when the release opens from the store and matches its announcement (as the live path
     * would check it), "NO" otherwise, with the reason added to {@code problems}.
     */
    static String verify(ArtifactStore store, ModelRelease r, List<String> problems) {
        try {
            store.open(r);
            return "yes";
        } catch (IOException | RuntimeException e) {
            problems.add("release " + r.getVersion() + " cannot be served: " + e.getMessage());
            return "NO";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One release's latest announcement (status, files with SHA-256, metrics) as JSON.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;

        @Mixin
        ClusterOptions cluster;
        @Mixin
        Line line;
        @Parameters(paramLabel = "VERSION", description = "Release version.")
        String version;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            EffectiveConfig config = configOptions.load();
            try (KafkaConnection kafka = cluster.open(config, "models", spec.commandLine().getErr())) {
                RegistryView view = ModelRegistry.read(Topics.from(config).models(), kafka.clientProperties());
                String name = line.resolve(view);
                RegistryView.Entry e = view.release(name, version).orElseThrow(() -> new IllegalArgumentException(
                        "line " + name + " has no release " + version));
                ModelRelease r = e.release();
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("modelName", r.getModelName());
                json.put("version", r.getVersion());
                json.put("parentVersion", r.getParentVersion());
                json.put("status", r.getStatus().name());
                json.put("statusReason", r.getStatusReason());
                json.put("live", view.live(name).map(l -> l.version().equals(version)).orElse(false));
                json.put("announcedAt", Instant.ofEpochMilli(e.announcedAt()).toString());
                json.put("artifactUri", r.getArtifactUri());
                json.put("labelSet", r.getLabelSet());
                json.put("metrics", r.getMetrics());
                json.put("files", r.getFiles().stream().map(f -> Map.of("path", f.getPath(), "sha256", f.getSha256(),
                        "sizeBytes", f.getSizeBytes())).toList());
                json.put("createdAt", r.getCreatedAt().toString());
                PrintWriter out = spec.commandLine().getOut();
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Promote a release by hand (overriding the gate): its files are verified, then it is "
                    + "announced PROMOTED and becomes live; running live paths swap to it.")
    static final class Promote implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;

        @Mixin
        ClusterOptions cluster;
        @Mixin
        Line line;
        @Parameters(paramLabel = "VERSION", description = "Release version.")
        String version;
        @Option(names = "--reason", defaultValue = "promoted by hand", description = "Recorded with the status.")
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            EffectiveConfig config = configOptions.load();
            try (KafkaConnection kafka = cluster.open(config, "models", spec.commandLine().getErr());
                 ModelRegistry registry = ModelRegistry.configured(config, kafka.clientProperties())) {
                String name = line.resolve(registry.read());
                registry.promote(name, version, reason);
                spec.commandLine().getOut().printf("%s %s is live%n", name, version);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Announce the live release ROLLED_BACK: the previously promoted release becomes live, and "
                    + "streams pinned to the rolled-back one move off it.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        ConfigOptions configOptions;

        @Mixin
        ClusterOptions cluster;
        @Mixin
        Line line;
        @Option(names = "--reason", defaultValue = "rolled back by hand", description = "Recorded with the status.")
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            EffectiveConfig config = configOptions.load();
            try (KafkaConnection kafka = cluster.open(config, "models", spec.commandLine().getErr());
                 ModelRegistry registry = ModelRegistry.configured(config, kafka.clientProperties())) {
                String name = line.resolve(registry.read());
                ModelRelease now = registry.rollback(name, reason);
                spec.commandLine().getOut().printf("%s rolled back; %s is live%n", name, now.getVersion());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
