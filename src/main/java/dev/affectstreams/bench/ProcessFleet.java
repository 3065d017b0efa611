package dev.affectstreams.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code process} instances run as separate JVMs from the packaged jar, as an operator scales
 * them: each with its own state directory, HTTP port and log file, the same application id.
 */
public final class ProcessFleet implements AutoCloseable {

    /** One running instance. */
    public record Instance(String name, Process process, int httpPort, Path log) {

        public String baseUrl() {
            return "http://localhost:" + httpPort;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Path jar;
    private final Path workDir;
    private final Map<String, String> settings;
    private final Map<String, Instance> running = new LinkedHashMap<>();

    /**
     * @param jar      the packaged {@code affect-streams.jar} (its {@code lib/} beside it)
     * @param workDir  where the instances' state directories and logs go
     * @param settings {@code --set} settings every instance gets (brokers, application id, release)
     */
    public ProcessFleet(Path jar, Path workDir, Map<String, String> settings) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no packaged jar at " + jar + ": run `mvn -DskipTests package` first");
        }
        this.jar = jar;
        this.workDir = workDir;
        this.settings = Map.copyOf(settings);
    }

    /** Starts an instance; {@link #awaitRunning} waits for it to take work. */
    public Instance start(String name) throws IOException {
        Files.createDirectories(workDir);
        int port = freePort();
        Path state = workDir.resolve(name).resolve("state");
        Path log = workDir.resolve(name + ".log");
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("streams.state.dir", state.toString());
        all.put("http.port", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(javaJar(jar, List.of("process"), all)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().put("DJL_OFFLINE", "true");
        Instance instance = new Instance(name, builder.start(), port, log);
        running.put(name, instance);
        return instance;
    }

    /** {@code java -jar JAR ARGS --set k=v...} on this JVM's Java. */
    public static List<String> javaJar(Path jar, List<String> args, Map<String, String> settings) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(args);
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return cmd;
    }

    /** Waits until the instance's Kafka Streams client is RUNNING (its API says so). */
    public void awaitRunning(Instance instance, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.process().isAlive()) {
                throw new IOException(instance.name() + " exited with " + instance.process().exitValue() + ": "
                        + tail(instance.log(), 3));
            }
            Answer health = get(instance, "/health");
            if (health.status() == 200 && health.body().contains("RUNNING")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException(instance.name() + " not RUNNING within " + atMost.toSeconds() + " s; see " + instance.log());
    }

    /** SIGTERM, as Kubernetes stops a pod; waits for the exit and returns its code. */
    public int stop(Instance instance) throws InterruptedException {
        running.remove(instance.name());
        instance.process().destroy();
        if (!instance.process().waitFor(120, TimeUnit.SECONDS)) {
            instance.process().destroyForcibly().waitFor();
        }
        return instance.process().exitValue();
    }

    /** SIGKILL, as a node lost would. */
    public void kill(Instance instance) throws InterruptedException {
        running.remove(instance.name());
        instance.process().destroyForcibly().waitFor();
    }

    public List<Instance> running() {
        return List.copyOf(running.values());
    }

    /** A GET against an instance's API, redirects not followed. */
    public static Answer get(Instance instance, String path) {
        return get(URI.create(instance.baseUrl() + path));
    }

    /** A GET, following the API's own 307 to the instance that holds a key (once). */
    public static Answer getFollowing(Instance instance, String path) {
        Answer first = get(instance, path);
        if (first.status() == 307 && first.location() != null) {
            return get(URI.create(first.location()));
        }
        return first;
    }

    private static Answer get(URI uri) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }

    /** An HTTP answer: status (-1 when nothing answered), body, redirect target. */
    public record Answer(int status, String body, String location) {
    }

    /** The last lines of a log, joined. */
    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join(" / ", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills whatever still runs. */
    @Override
    public void close() {
        for (Instance instance : List.copyOf(running.values())) {
            instance.process().destroyForcibly();
        }
        running.clear();
    }
}
