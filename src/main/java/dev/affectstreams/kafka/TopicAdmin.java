package dev.affectstreams.kafka;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topic;
import dev.affectstreams.config.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates missing topics with the configured layout; running it again changes nothing. */
public final class TopicAdmin {

    private final Admin admin;

    public TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** Creates the application's missing topics with the configured partitions and replication. */
    public static List<TopicStatus> ensure(Map<String, Object> clientProperties, EffectiveConfig config) {
        try (Admin admin = admin(clientProperties)) {
            return new TopicAdmin(admin).ensure(Topics.from(config).all(), config.get(Settings.TOPIC_PARTITIONS),
                    config.get(Settings.TOPIC_REPLICATION).shortValue());
        }
    }

    /** How long a command waits for unreachable brokers before it says so. */
    public static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

    /**
     * An admin client that gives up on unreachable brokers after {@link #REACH_TIMEOUT}, unless
     * the client properties set their own timeouts.
     */
    public static Admin admin(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        return Admin.create(props);
    }

    /** The failure with a hint when it is the brokers that could not be reached. */
    private static IllegalStateException failure(String what, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new IllegalStateException("cannot " + what + ": no Kafka broker answered within "
                    + REACH_TIMEOUT.toSeconds() + " s; check --bootstrap-servers (the bootstrap.servers setting) and "
                    + "that the brokers are up and reachable from here", cause);
        }
        return new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
    }

    /** Whether a topic was found, made or is absent. */
    public enum State { EXISTING, CREATED, MISSING }

    /** What {@link #ensure} or {@link #status} found for one topic; partitions is 0 when missing. */
    public record TopicStatus(String name, int partitions, boolean compacted, State state) {
    }

    /**
     * Creates each topic that does not exist yet; existing topics are left as they are.
     *
     * @return the status of every topic, in the order given
     */
    public List<TopicStatus> ensure(Collection<Topic<?, ?>> topics, int partitions, short replication) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(partitions), Optional.of(replication))
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy(t))))
                    .toList();
            Set<String> created = create(missing);
            awaitLeaders(created);
            return describe(topics, created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw failure("create topics", e.getCause());
        }
    }

    /** The status of the given topics as they are now; nothing is created. */
    public List<TopicStatus> status(Collection<Topic<?, ?>> topics) {
        try {
            return describe(topics, Set.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (ExecutionException e) {
            throw failure("describe topics", e.getCause());
        }
    }

    private Set<String> create(List<NewTopic> missing) throws InterruptedException, ExecutionException {
        Set<String> created = new HashSet<>();
        var results = admin.createTopics(missing).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get();
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    /**
     * Waits (up to {@link #LEADER_WAIT}) until every partition of the new topics has a leader, so
     * what is reported as created can be written to. The broker may still refuse the very first
     * writes for a moment; {@link ProducerSettings} keeps that from losing records.
     */
    private void awaitLeaders(Set<String> created) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (!created.isEmpty()) {
            boolean ready;
            try {
                ready = admin.describeTopics(created).allTopicNames().get().values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
                ready = false; // the broker does not know the new topic yet
            }
            if (ready || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);

    private List<TopicStatus> describe(Collection<Topic<?, ?>> topics, Set<String> created)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<String> names = topics.stream().map(Topic::name).filter(existing::contains).collect(Collectors.toList());
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        List<TopicStatus> statuses = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            TopicDescription d = descriptions.get(topic.name());
            State state = d == null ? State.MISSING : created.contains(topic.name()) ? State.CREATED : State.EXISTING;
            statuses.add(new TopicStatus(topic.name(), d == null ? 0 : d.partitions().size(), topic.compacted(), state));
        }
        return statuses;
    }

    private static String cleanupPolicy(Topic<?, ?> topic) {
        return topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    }
}
