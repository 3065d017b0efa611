package dev.affectstreams.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.ProducerSettings;
import dev.affectstreams.model.train.TrainingListener;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.RegistryView;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseAnnouncements;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining worker of one model line: {@code ssl.samples} into the replay buffer (offsets
 * committed only after the samples are durably buffered, so a kill loses none and repeats
 * are dropped by sample id), and rounds on a background thread when enough new samples have
 * arrived or enough time has passed. Each round trains from the line's live release; its
 * candidate is announced CANDIDATE, then PROMOTED or REJECTED with the gate's reasons; its
 * report goes to the log and, as JSON, to {@code retrain.reports}.
 */
public final class RetrainWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** When rounds run. */
    public record Schedule(long minNewSamples, Duration interval) {
    }

    private final String modelLine;
    private final ReplayBuffer buffer;
    private final ModelRegistry registry;
    private final Topics topics;
    private final RetrainingRound.Options options;
    private final Schedule schedule;
    private final Clock clock;
    private final Consumer<RoundReport> onReport;
    private final KafkaConsumer<String, TrainingSample> consumer;
    private final KafkaProducer<String, String> reports;
    private final ExecutorService rounds = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "retrain-round");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong refused = new AtomicLong();
    private final Map<ReplayBuffer.Added, LongAdder> samplesIn = new EnumMap<>(ReplayBuffer.Added.class);
    private volatile boolean polling;
    private final long startedMs;
    private volatile boolean running = true;
    private Future<?> round;
    private long roundsStarted;

    public RetrainWorker(String modelLine, ReplayBuffer buffer, ModelRegistry registry, Topics topics,
                         Map<String, Object> clientProperties, String groupId, RetrainingRound.Options options,
                         Schedule schedule, Clock clock, Consumer<RoundReport> onReport) {
        this.modelLine = modelLine;
        this.buffer = buffer;
        this.registry = registry;
        this.topics = topics;
        this.options = options;
        this.schedule = schedule;
        this.clock = clock;
        this.onReport = onReport;
        this.startedMs = clock.millis();
        for (ReplayBuffer.Added kind : ReplayBuffer.Added.values()) {
            samplesIn.put(kind, new LongAdder());
        }
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(props, topics.sslSamples().keySerde().deserializer(),
                topics.sslSamples().valueSerde().deserializer());
        this.reports = new KafkaProducer<>(ProducerSettings.reliable(clientProperties),
                topics.retrainReports().keySerde().serializer(),
                topics.retrainReports().valueSerde().serializer());
    }

    /** Polls, buffers and schedules rounds until {@link #close} (from another thread) stops it. */
    public void run() throws IOException {
        consumer.subscribe(List.of(topics.sslSamples().name()));
        polling = true;
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, TrainingSample> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.value() != null) {
                            samplesIn.get(buffer.add(r.value())).increment();
                        }
                    }
                    commit();
                } catch (RecordDeserializationException e) {
                    refused.incrementAndGet();
                    LOG.warn("Skipping an undecodable sample at {} offset {}: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                maybeStartRound();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            polling = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether the worker is reading samples (from {@link #run} until it stops or fails). */
    public boolean polling() {
        return polling;
    }

    /** Samples read from {@code ssl.samples} since start, by what the buffer made of them. */
    public long samplesIn(ReplayBuffer.Added kind) {
        return samplesIn.get(kind).sum();
    }

    /** Records on {@code ssl.samples} that could not be decoded and were skipped. */
    public long undecodable() {
        return refused.get();
    }

    /**
     * Commits what was buffered. A commit that times out or meets a coordinator change is
     * retried with the next poll: the samples are already stored, and the buffer drops the
     * repeats a restart would read again.
     */
    private void commit() {
        try {
            consumer.commitSync();
        } catch (RetriableException e) { // timeouts included
            LOG.warn("Committing the buffered samples' offsets failed ({}); retrying after the next poll",
                    e.getMessage());
        }
    }

    private void maybeStartRound() {
        if (round != null && !round.isDone()) {
            return;
        }
        long fresh = buffer.newSinceRound();
        long last = Math.max(buffer.lastRoundMs(), startedMs);
        boolean due = fresh >= schedule.minNewSamples()
                || (fresh > 0 && clock.millis() - last >= schedule.interval().toMillis());
        if (!due) {
            return;
        }
        String roundId = modelLine + "-" + clock.millis() + "-" + (++roundsStarted);
        round = rounds.submit(() -> runRound(roundId, fresh));
    }

    /** Runs one round now on the calling thread (the worker loop uses its own thread); never throws. */
    public RoundReport runRound(String roundId, long newAtStart) {
        List<TrainingSample> samples = buffer.snapshot();
        LOG.info("Round {} starts: {} samples buffered ({} labelled, {} new)", roundId, samples.size(),
                buffer.labelled(), newAtStart);
        RoundReport report;
        try {
            RegistryView view = registry.read();
            ModelRelease live = view.live(modelLine).map(e -> e.release()).orElseThrow(() -> new IOException(
                    "the models topic has no live release of " + modelLine));
            Release parent = registry.store().open(live);
            List<Release> earlier = earlier(view.promotedBefore(modelLine, live.getVersion(), options.gateHistory()));
            RetrainingRound.Outcome outcome = RetrainingRound.run(roundId, parent, earlier, samples, registry.store(),
                    options, TrainingListener.NONE);
            report = outcome.report();
            if (outcome.candidate() != null) {
                var made = outcome.candidate().manifest();
                ModelRelease candidate = ReleaseAnnouncements.of(outcome.candidate(),
                        registry.store().uri(made.modelName(), made.version()), ReleaseStatus.CANDIDATE,
                        "made by round " + roundId);
                registry.announce(candidate);
                registry.announce(ReleaseAnnouncements.withStatus(candidate,
                        report.promoted() ? ReleaseStatus.PROMOTED : ReleaseStatus.REJECTED,
                        report.promoted() ? "passed the gate in round " + roundId
                                : "gate: " + String.join("; ", report.reasons())));
            }
        } catch (Exception e) {
            LOG.error("Round {} failed", roundId, e);
            report = new RoundReport(roundId, modelLine, null, null, RoundOutcome.FAILED,
                    List.of(e.getClass().getSimpleName() + ": " + e.getMessage()), Map.of(), 0, Map.of(), Map.of(),
                    clock.instant().toString(), 0);
        }
        try {
            buffer.roundFinished(newAtStart, clock.millis());
        } catch (IOException e) {
            LOG.error("Could not record the end of round {}", roundId, e);
        }
        publish(report);
        return report;
    }

    /** The earlier promoted releases that open and verify; one that does not is left out of the comparison. */
    private List<Release> earlier(List<RegistryView.Entry> entries) {
        List<Release> releases = new ArrayList<>();
        for (RegistryView.Entry e : entries) {
            try {
                releases.add(registry.store().open(e.release()));
            } catch (IOException | RuntimeException ex) {
                LOG.warn("Earlier release {} {} is left out of the gate: {}", modelLine, e.version(), ex.getMessage());
            }
        }
        return releases;
    }

    private void publish(RoundReport report) {
        try {
            String json = JSON.writeValueAsString(report);
            LOG.info("Round {}: {} {}", report.roundId(), report.outcome(), json);
            reports.send(new ProducerRecord<>(topics.retrainReports().name(), modelLine, json));
            reports.flush();
        } catch (Exception e) {
            LOG.error("Could not publish the report of round {}", report.roundId(), e);
        }
        onReport.accept(report);
    }

    /** Undecodable records skipped. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        rounds.shutdownNow();
        reports.close(Duration.ofSeconds(5));
    }
}
