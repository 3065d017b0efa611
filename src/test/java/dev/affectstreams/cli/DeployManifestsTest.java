package dev.affectstreams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Setting;
import dev.affectstreams.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The Kubernetes manifests in {@code deploy/k8s} against the code they run: every container's
 * arguments parse as a real command, every {@code AFFECT_*} variable is a setting with a valid
 * value, the directories the settings name lie on mounted volumes, the probes and ports are
 * the ones the state API serves, kustomizations name files that exist, and the lag scaler
 * watches the application's own consumer group and topic. No cluster is needed (none is at hand).
 */
class DeployManifestsTest {

    private static final Path K8S = Path.of("deploy", "k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> !d.isNull())
                            .forEach(d -> docs.add(((ObjectNode) d)
                                    .put("_file", file.toString())));
                }
            }
        }
        return docs;
    }

    private static Map<String, String> configMap(List<JsonNode> docs) {
        JsonNode map = docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        Map<String, String> data = new LinkedHashMap<>();
        map.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** Workload documents, strategic-merge patches of an overlay included (they carry only what they change). */
    private static List<JsonNode> workloads(List<JsonNode> docs) {
        return docs.stream().filter(d -> List.of("StatefulSet", "Deployment", "Job").contains(d.path("kind").asText()))
                .toList();
    }

    /** The files overlays apply as patches. */
    private static List<String> patchFiles(List<JsonNode> docs) {
        List<String> patches = new ArrayList<>();
        for (JsonNode k : docs) {
            Path dir = Path.of(k.path("_file").asText()).getParent();
            k.path("patches").forEach(p -> patches.add(dir.resolve(p.path("path").asText()).normalize().toString()));
        }
        return patches;
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> out = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").forEach(out::add);
        return out;
    }

    /** The container's environment as the process sees it: the ConfigMap, then its own variables. */
    private static Map<String, String> environment(JsonNode container, Map<String, String> config) {
        Map<String, String> env = new HashMap<>();
        if (container.path("envFrom").size() > 0) {
            env.putAll(config);
        }
        for (JsonNode e : container.path("env")) {
            // a value from the pod (its IP) stands in as an address
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "10.0.0.7");
        }
        return env;
    }

    @Test
    void shouldRunRealCommandsWithKnownValidSettings() throws IOException {
        List<JsonNode> docs = documents();
        Map<String, String> config = configMap(docs);
        List<String> commands = new ArrayList<>();
        for (JsonNode workload : docs) {
            for (JsonNode container : containers(workload)) {
                String where = workload.path("_file").asText() + " " + container.path("name").asText();
                Map<String, String> env = environment(container, config);
                for (String name : env.keySet()) {
                    if (name.startsWith(Setting.ENV_PREFIX) && !name.startsWith(Setting.ENV_PREFIX + "KAFKA_")) {
                        assertThat(Settings.ALL.stream().map(Setting::envName)).as(where).contains(name);
                    }
                }
                assertThatCode(() -> ConfigLoader.load(null, env, Map.of())).as(where).doesNotThrowAnyException();
                if (container.has("args")) {
                    List<String> args = new ArrayList<>();
                    container.path("args").forEach(a -> args.add(a.asText()));
                    assertThatCode(() -> Main.commandLine(env).parseArgs(args.toArray(String[]::new)))
                            .as(where + " " + args).doesNotThrowAnyException();
                    commands.add(args.get(0));
                }
            }
        }
        assertThat(commands).contains("process", "retrain", "topics");
    }

    @Test
    void shouldKeepEveryConfiguredDirectoryOnAMountedVolume() throws IOException {
        List<JsonNode> docs = documents();
        Map<String, String> config = configMap(docs);
        for (JsonNode workload : workloads(docs)) {
            for (JsonNode container : containers(workload)) {
                if (!container.has("args")) {
                    continue;
                }
                String command = container.path("args").get(0).asText();
                EffectiveConfig effective = ConfigLoader.load(null, environment(container, config), Map.of());
                List<Setting<Path>> dirs = switch (command) {
                    case "process" -> List.of(Settings.STATE_DIR, Settings.REGISTRY_DIR, Settings.MODEL_DIR);
                    case "retrain" -> List.of(Settings.RETRAIN_DIR, Settings.REGISTRY_DIR, Settings.MODEL_DIR);
                    default -> List.of();
                };
                List<String> mounts = new ArrayList<>();
                container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
                for (Setting<Path> dir : dirs) {
                    Path value = effective.get(dir);
                    assertThat(mounts.stream().anyMatch(m -> value.startsWith(Path.of(m))))
                            .as("%s: %s = %s on a volume (mounts %s)", command, dir.name(), value, mounts).isTrue();
                }
                if (!dirs.isEmpty()) {
                    assertThat(mounts).as(command + " sees the fetched backbones")
                            .contains("/opt/affect-streams/.affect-streams/backbones");
                }
            }
        }
    }

    @Test
    void shouldProbeAndExposeWhatTheStateApiServes() throws IOException {
        List<JsonNode> docs = documents();
        JsonNode process = workloads(docs).stream()
                .filter(w -> containers(w).stream().anyMatch(c -> c.path("args").path(0).asText().equals("process")))
                .findFirst().orElseThrow();
        JsonNode container = containers(process).get(0);
        int port = Integer.parseInt(Settings.HTTP_PORT.defaultText());

        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
        assertThat(process.path("spec").path("template").path("metadata").path("annotations")
                .path("prometheus.io/path").asText()).isEqualTo("/metrics");
        // the instance advertises an address other instances can reach
        assertThat(environment(container, Map.of())).containsKey(Settings.HTTP_HOST.envName());
    }

    @Test
    void shouldScaleOnTheApplicationsOwnLagUpToOneInstancePerPartition() throws IOException {
        List<JsonNode> docs = documents();
        Map<String, String> config = configMap(docs);
        JsonNode scaler = docs.stream().filter(d -> d.path("kind").asText().equals("ScaledObject")).findFirst()
                .orElseThrow();
        JsonNode kafka = scaler.path("spec").path("triggers").get(0).path("metadata");
        EffectiveConfig effective = ConfigLoader.load(null, config, Map.of());

        assertThat(kafka.path("consumerGroup").asText()).isEqualTo(effective.get(Settings.APPLICATION_ID));
        assertThat(kafka.path("topic").asText()).isEqualTo(effective.get(Settings.TOPIC_VIDEO));
        List<String> topics = new ArrayList<>();
        scaler.path("spec").path("triggers").forEach(tr -> topics.add(tr.path("metadata").path("topic").asText()));
        assertThat(topics).as("the lag of every input topic").containsExactlyInAnyOrder(
                effective.get(Settings.TOPIC_VIDEO), effective.get(Settings.TOPIC_AUDIO), effective.get(Settings.TOPIC_TEXT));
        assertThat(kafka.path("bootstrapServers").asText()).isEqualTo(effective.get(Settings.BOOTSTRAP_SERVERS));
        assertThat(scaler.path("spec").path("maxReplicaCount").asInt())
                .isEqualTo(effective.get(Settings.TOPIC_PARTITIONS));
        assertThat(scaler.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("affect-streams-process");
    }

    @Test
    void shouldNameOnlyFilesThatExistInEveryKustomization() throws IOException {
        List<JsonNode> kustomizations = documents().stream()
                .filter(d -> d.path("kind").asText().equals("Kustomization")).toList();
        assertThat(kustomizations).hasSize(3);
        for (JsonNode k : kustomizations) {
            Path dir = Path.of(k.path("_file").asText()).getParent();
            List<String> named = new ArrayList<>();
            k.path("resources").forEach(r -> named.add(r.asText()));
            k.path("patches").forEach(p -> named.add(p.path("path").asText()));
            for (String name : named) {
                Path target = dir.resolve(name).normalize();
                assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
                        .as("%s names %s", k.path("_file").asText(), name).isTrue();
            }
        }
    }

    @Test
    void shouldRunAsTheUserTheImagesCreate() throws IOException {
        for (String dockerfile : List.of("deploy/Dockerfile", "deploy/Dockerfile.gpu")) {
            assertThat(Files.readString(Path.of(dockerfile))).as(dockerfile).contains("--uid 10001", "USER 10001");
        }
        List<JsonNode> docs = documents();
        List<String> patches = patchFiles(docs);
        assertThat(patches).containsExactly("deploy/k8s/overlays/gpu/process-gpu.yaml");
        for (JsonNode workload : workloads(docs)) {
            if (patches.contains(workload.path("_file").asText())) {
                continue;
            }
            assertThat(workload.path("spec").path("template").path("spec").path("securityContext").path("runAsUser")
                    .asInt()).as(workload.path("_file").asText()).isEqualTo(10001);
        }
    }

    @Test
    void shouldKeepEveryOverlayOutsideTheBaseItBuildsOn() throws IOException {
        // kustomize refuses a kustomization whose resources include a directory that contains it
        // ("cycle detected: candidate root ... contains visited root")
        for (JsonNode k : documents()) {
            if (!k.path("kind").asText().equals("Kustomization")) {
                continue;
            }
            Path dir = Path.of(k.path("_file").asText()).getParent().toAbsolutePath().normalize();
            for (JsonNode r : k.path("resources")) {
                Path target = dir.resolve(r.asText()).normalize();
                if (Files.isDirectory(target)) {
                    assertThat(dir.startsWith(target)).as("%s builds on %s, which contains it", dir, target).isFalse();
                }
            }
        }
    }

    @Test
    void shouldHardenEveryPodAndPinTheImage() throws IOException {
        List<JsonNode> docs = documents();
        List<String> patches = patchFiles(docs);
        for (JsonNode workload : workloads(docs)) {
            if (patches.contains(workload.path("_file").asText())) {
                continue;
            }
            JsonNode pod = workload.path("spec").path("template").path("spec");
            String where = workload.path("_file").asText();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(where)
                    .isEqualTo("RuntimeDefault");
            for (JsonNode c : containers(workload)) {
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
                assertThat(sc.path("capabilities").path("drop").toString()).as(where).contains("ALL");
            }
        }
        for (JsonNode k : docs) {
            k.path("images").forEach(i -> assertThat(i.path("newTag").asText()).as(k.path("_file").asText())
                    .isNotBlank().isNotEqualTo("latest"));
        }
        JsonNode pdb = docs.stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget")).findFirst()
                .orElseThrow();
        JsonNode process = workloads(docs).stream()
                .filter(w -> w.path("metadata").path("name").asText().equals("affect-streams-process")
                        && !patches.contains(w.path("_file").asText())).findFirst().orElseThrow();
        assertThat(pdb.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(process.path("spec").path("selector").path("matchLabels"));
        assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(process.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity")
                .isMissingNode()).as("spread over nodes").isFalse();
    }

    /** Every container of the manifests, with where it is declared. */
    private static Map<String, JsonNode> everyContainer(List<JsonNode> docs) {
        List<String> patches = patchFiles(docs);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode workload : workloads(docs)) {
            if (!patches.contains(workload.path("_file").asText())) {
                containers(workload).forEach(c -> out.put(workload.path("_file").asText() + " " + c.path("name").asText(), c));
            }
        }
        return out;
    }

    /** The setting key an {@code AFFECT_*} variable stands for ({@code AFFECT_KAFKA_SASL_JAAS_CONFIG}: {@code kafka.sasl.jaas.config}). */
    private static String settingKey(String envName) {
        return envName.substring(Setting.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    @Test
    void shouldKeepKafkaCredentialsInASecretEveryContainerReads() throws IOException {
        List<JsonNode> docs = documents();
        for (String key : configMap(docs).keySet()) {
            assertThat(ConfigCommand.shown(settingKey(key), "x")).as("ConfigMap key %s is a credential", key)
                    .isEqualTo("x");
        }
        JsonNode example = docs.stream().filter(d -> d.path("kind").asText().equals("Secret")).findFirst().orElseThrow();
        assertThat(example.path("metadata").path("name").asText()).isEqualTo("affect-streams-kafka");
        assertThat(example.path("stringData").path("AFFECT_KAFKA_SASL_JAAS_CONFIG").isMissingNode()).isFalse();
        example.path("stringData").fieldNames().forEachRemaining(name ->
                assertThat(name).startsWith(Setting.ENV_PREFIX + "KAFKA_"));
        assertThat(ConfigCommand.shown(settingKey("AFFECT_KAFKA_SASL_JAAS_CONFIG"), "secret")).doesNotContain("secret");
        // applied by hand with its real values, never by the kustomization
        JsonNode base = docs.stream().filter(d -> d.path("kind").asText().equals("Kustomization")
                && d.path("_file").asText().contains("base")).findFirst().orElseThrow();
        assertThat(base.path("resources").toString()).doesNotContain("kafka-secret");
        for (Map.Entry<String, JsonNode> c : everyContainer(docs).entrySet()) {
            List<JsonNode> refs = new ArrayList<>();
            c.getValue().path("envFrom").forEach(refs::add);
            assertThat(refs.stream().anyMatch(r -> r.path("secretRef").path("name").asText().equals("affect-streams-kafka")
                    && r.path("secretRef").path("optional").asBoolean())).as(c.getKey()).isTrue();
        }
    }

    @Test
    void shouldRunOnAReadOnlyRootWithScratchWhereNativesUnpack() throws IOException {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        Matcher djl = Pattern.compile("DJL_CACHE_DIR=(\\S+)").matcher(dockerfile);
        Matcher javacpp = Pattern.compile("javacpp\\.cachedir=([^\"\\s]+)").matcher(dockerfile);
        // JNA's scratch: under XDG_CACHE_HOME, else in the home directory, which is on the image's root
        Matcher xdg = Pattern.compile("XDG_CACHE_HOME=(\\S+)").matcher(dockerfile);
        assertThat(djl.find()).isTrue();
        assertThat(javacpp.find()).isTrue();
        assertThat(xdg.find()).isTrue();
        List<Path> written = List.of(Path.of("/tmp"), Path.of(djl.group(1)), Path.of(javacpp.group(1)),
                Path.of(xdg.group(1)));
        for (Map.Entry<String, JsonNode> c : everyContainer(documents()).entrySet()) {
            assertThat(c.getValue().path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(c.getKey())
                    .isTrue();
            List<Path> mounts = new ArrayList<>();
            c.getValue().path("volumeMounts").forEach(m -> {
                if (!m.path("readOnly").asBoolean()) {
                    mounts.add(Path.of(m.path("mountPath").asText()));
                }
            });
            for (Path path : written) {
                assertThat(mounts.stream().anyMatch(path::startsWith)).as("%s: %s writable (mounts %s)", c.getKey(), path,
                        mounts).isTrue();
            }
        }
    }

    @Test
    void shouldRequestCpuAndMemoryAndCapMemoryForEveryContainer() throws IOException {
        for (Map.Entry<String, JsonNode> c : everyContainer(documents()).entrySet()) {
            JsonNode resources = c.getValue().path("resources");
            assertThat(resources.path("requests").path("cpu").asText()).as(c.getKey()).isNotBlank();
            assertThat(resources.path("requests").path("memory").asText()).as(c.getKey()).isNotBlank();
            assertThat(resources.path("limits").path("memory").asText()).as(c.getKey()).isNotBlank();
        }
    }

    @Test
    void shouldBuildTheImagesFromSourceWithoutTheInProcessBroker() throws IOException {
        String ignore = Files.readString(Path.of(".dockerignore"));
        for (String dockerfile : List.of("deploy/Dockerfile", "deploy/Dockerfile.gpu")) {
            String text = Files.readString(Path.of(dockerfile));
            assertThat(text).as(dockerfile).contains(" AS build", "-Pruntime-image", "COPY --from=build");
            for (String line : text.lines().filter(l -> l.startsWith("COPY ") && !l.contains("--from")).toList()) {
                String source = line.split("\\s+")[1].replaceAll("/$", "");
                assertThat(ignore).as("%s copies %s, which .dockerignore must let in", dockerfile, source)
                        .contains("!" + source);
            }
        }
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>runtime-image</id>",
                "<broker.scope>provided</broker.scope>");
    }

    @Test
    void shouldOfferProducersOnTheHostAListenerInCompose() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("compose.yaml").toFile());
        JsonNode kafka = compose.path("services").path("kafka");
        String advertised = kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
        Matcher host = Pattern.compile("(\\w+)://localhost:(\\d+)").matcher(advertised);
        assertThat(host.find()).as(advertised).isTrue();
        assertThat(kafka.path("environment").path("KAFKA_LISTENERS").asText()).contains(host.group(1) + "://:" + host.group(2));
        assertThat(kafka.path("environment").path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText())
                .contains(host.group(1) + ":");
        assertThat(kafka.path("ports").toString()).contains(":" + host.group(2) + ":" + host.group(2));
        List<String> commands = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(service -> {
            JsonNode command = service.getValue().path("command");
            if (service.getValue().path("image").asText().equals("affect-streams") && command.isArray()) {
                List<String> args = new ArrayList<>();
                command.forEach(a -> args.add(a.asText()));
                assertThatCode(() -> Main.commandLine(Map.of()).parseArgs(args.toArray(String[]::new)))
                        .as(service.getKey() + " " + args).doesNotThrowAnyException();
                assertThat(args).as("%s: the image has no in-process broker", service.getKey())
                        .contains("--bootstrap-servers");
                commands.add(args.get(0));
            }
        });
        assertThat(commands).contains("topics", "process", "retrain", "ingest");
    }

    @Test
    void shouldBeAComposeFileDockerComposeAccepts() throws Exception {
        Process check;
        try {
            check = new ProcessBuilder("docker-compose", "-f", "compose.yaml", "config", "-q").redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("docker-compose is not installed: compose.yaml checked as a file only");
            return;
        }
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(out).isZero();
    }

    @Test
    void shouldRenderEveryKustomizationWithKubectl() throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not installed: the kustomizations are checked as "
                    + "files only");
            return;
        }
        for (String dir : List.of("deploy/k8s/base", "deploy/k8s/overlays/gpu", "deploy/k8s/overlays/autoscaling")) {
            Process render = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
            String out = new String(render.getInputStream().readAllBytes());
            assertThat(render.waitFor()).as(dir + ":\n" + out).isZero();
            List<String> kinds = new ArrayList<>();
            try (YAMLParser parser = new YAMLFactory().createParser(out)) {
                YAML.readValues(parser, JsonNode.class).readAll().forEach(d -> kinds.add(d.path("kind").asText()));
            }
            assertThat(kinds).as(dir).contains("StatefulSet", "Job", "ConfigMap", "PodDisruptionBudget");
            if (dir.endsWith("autoscaling")) {
                assertThat(kinds).contains("ScaledObject");
            }
        }
    }
}
