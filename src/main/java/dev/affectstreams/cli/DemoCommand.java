package dev.affectstreams.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.affectstreams.app.LiveService;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.ingest.ChunkSources;
import dev.affectstreams.ingest.FrameCaps;
import dev.affectstreams.ingest.Pacer;
import dev.affectstreams.kafka.EventConsumers;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The quick start: broker, live path and a simulated call in one process, events printed as they come. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the live path end to end in this process: an in-process broker (unless "
                + "--bootstrap-servers is given), the processor, and a simulated call (or --media FILE) published in "
                + "real time; expression events are printed as they arrive.",
            "Without a release it first bootstraps one from simulated calls; its labels mean something only for "
                + "simulated faces and voices."})
final class DemoCommand implements Callable<Integer> {

    private static final Duration QUIET_AFTER_CALL = Duration.ofSeconds(8);

    @Option(names = "--participants", defaultValue = "3", paramLabel = "N", description = "Simulated participants, default ${DEFAULT-VALUE}.")
    int participants;

    @Option(names = "--seconds", defaultValue = "30", paramLabel = "S", description = "Seconds of call, default ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--media", paramLabel = "FILE", description = "Publish this media file instead of a simulated call.")
    String media;

    @Option(names = "--json", description = "Print each event as one JSON object per line (the Avro record's JSON "
            + "encoding) on standard output, and everything else on standard error.")
    boolean json;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("affect-streams-demo");
        // Kafka Streams warns that state under the OS temp directory may be cleared: here it is
        // meant to last only as long as the demo
        quiet("org.apache.kafka.streams.processor.internals.StateDirectory");
        try {
            return run(scratch);
        } finally {
            // the broker's log, the state stores and the registry of this run: nothing to keep
            FileUtils.deleteQuietly(scratch.toFile());
        }
    }

    /** Raises a logger to ERROR where logback is the logging backend (it is in this build). */
    private static void quiet(String loggerName) {
        if (LoggerFactory.getLogger(loggerName) instanceof Logger logger) {
            logger.setLevel(Level.ERROR);
        }
    }

    private int run(Path scratch) throws Exception {
        PrintWriter events = spec.commandLine().getOut();
        PrintWriter out = json ? spec.commandLine().getErr() : events;
        EffectiveConfig config = configOptions.load()
                .with(Settings.STATE_DIR, scratch.resolve("state")).with(Settings.HTTP_PORT, 0);
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            config = config.with(Settings.EMBEDDED_DATA_DIR, scratch.resolve("kafka"))
                    .with(Settings.EMBEDDED_PORT, 0).with(Settings.REGISTRY_DIR, scratch.resolve("registry"));
        }
        Topics topics = Topics.from(config);
        try (LiveService service = LiveService.start(config, ConsoleLines.to(out))) {
            KafkaConnection kafka = service.kafka();
            AtomicBoolean done = new AtomicBoolean();
            FrameCaps caps = FrameCaps.from(config);
            AtomicReference<String> stopped = new AtomicReference<>();
            Thread ingest = new Thread(() -> stopped.set(publish(kafka, topics, caps, done)), "demo-ingest");
            ingest.setDaemon(true);
            ingest.start();
            out.printf("Live path running on %s with %s; %s%n", kafka.bootstrapServers(), service.describe(),
                    media != null ? "publishing " + media : participants + " simulated participants for " + seconds + " s");
            out.flush();
            if (FaceExpressionPackage.installed()) {
                out.println("Face readings: " + FaceExpressionPackage.SPEC + "'s expression network on each "
                        + "participant's tracked face, beside the release's scores");
            } else {
                out.println("No face readings: the face expression network is not installed (`affect-streams "
                        + "backbones fetch face-expression-net`, needs npm)");
            }
            out.flush();
            print(kafka, topics, events, done, json);
            var c = service.live().counters();
            out.printf("%d events, %d state changes, %d samples tapped for retraining, %d slots without consent%n",
                    c.events.get(), c.stateChanges.get(), c.tapped.get(), c.noConsent.get());
            ingest.join();
            if (stopped.get() != null) {
                spec.commandLine().getErr().println("demo: ingest stopped: " + stopped.get());
                return 1;
            }
            if (c.events.get() == 0) {
                spec.commandLine().getErr().println("demo: no event was produced; see the log above for why");
                return 1;
            }
        }
        return 0;
    }

    /** Publishes the call or the file; returns why it stopped early, or null when it published everything. */
    private String publish(KafkaConnection kafka, Topics topics, FrameCaps caps, AtomicBoolean done) {
        long seed = System.nanoTime() & 0xffff;
        String source = media != null ? media
                : "sim:participants=" + participants + ",seconds=" + seconds + ",size=160x120,fps=10,seed=" + seed;
        List<String> keys = new ArrayList<>();
        if (media != null) {
            keys.add("demo/participant-1");
        } else {
            for (int i = 1; i <= participants; i++) {
                keys.add("sim-" + seed + "/p" + i);
            }
        }
        Consents.allow(kafka.clientProperties(), topics, keys);
        try (ChunkPublisher publisher = new ChunkPublisher(kafka.clientProperties(), topics, new ChunkEncoder(0.8f),
                1_000_000, Clock.systemUTC())) {
            Pacer pacer = new Pacer(publisher.callStart());
            ChunkSources.read(source, "demo", "participant-1", caps, s -> {
                pacer.awaitEndOf(s.seq());
                publisher.publish(s);
            });
            return null;
        } catch (Exception e) {
            return e.getMessage();
        } finally {
            done.set(true);
        }
    }

    private static void print(KafkaConnection kafka, Topics topics, PrintWriter out, AtomicBoolean done,
                              boolean json) {
        try (KafkaConsumer<String, ExpressionEvent> consumer = EventConsumers.events(kafka.clientProperties(), topics,
                "demo")) {
            // after the last chunk is published, wait until no event came for a while (a slow
            // machine may still be working through the call's last seconds)
            Instant quietSince = Instant.now();
            boolean published = false;
            while (!published || Duration.between(quietSince, Instant.now()).compareTo(QUIET_AFTER_CALL) < 0) {
                if (!published && done.get()) {
                    published = true;
                    quietSince = Instant.now();
                }
                var records = consumer.poll(Duration.ofMillis(250));
                if (!records.isEmpty()) {
                    quietSince = Instant.now();
                }
                records.forEach(r -> out.println(json ? EventJson.of(r.value()) : line(r.value())));
                out.flush();
            }
        }
    }

    /**
     * One event per line: participant, slot, the release's dominant label and top scores, the
     * face network's reading (its top class and probability; "no face" where none was found, "not
     * read" where no face network is installed or the face was kept from an earlier chunk), modalities,
     * flags, release version and latency.
     */
    static String line(ExpressionEvent e) {
        StringBuilder top = new StringBuilder();
        e.getScores().entrySet().stream().sorted(Map.Entry.<String, Float>comparingByValue().reversed()).limit(3)
                .forEach(s -> top.append(String.format(" %s %.2f", s.getKey(), s.getValue())));
        var face = e.getFaceReading();
        String reading = face != null ? String.format("%s %.2f", face.getTopClass(),
                face.getProbabilities().getOrDefault(face.getTopClass(), 0f))
                : e.getQualityFlags().contains(QualityFlag.NO_FACE) ? "no face" : "not read";
        return String.format("%-22s slot %3d  %-9s |%-36s | face: %-15s | %s %s  v%s  %d ms",
                e.getCallId() + "/" + e.getParticipantId(), e.getSeq(),
                e.getDominantLabel() == null ? "-" : e.getDominantLabel(), top, reading,
                e.getModalities().toString().toLowerCase(Locale.ROOT),
                e.getQualityFlags().isEmpty() ? "" : e.getQualityFlags().toString(), e.getModelVersion(), e.getLatencyMs());
    }
}
