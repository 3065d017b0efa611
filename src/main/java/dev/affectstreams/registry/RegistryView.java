package dev.affectstreams.registry;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The registry as the models topic says it is: the latest announcement of every release (the
 * topic is keyed {@code modelName/version} and compacted, so this is exactly what compaction
 * keeps). The live release of a line is the PROMOTED release announced last: promoting a
 * version announces it again, and rolling the live one back makes the previously promoted
 * one live.
 */
public final class RegistryView {

    /** A release's latest announcement and when it was announced (the record's timestamp). */
    public record Entry(ModelRelease release, long announcedAt) {
        public String version() {
            return release.getVersion();
        }

        public ReleaseStatus status() {
            return release.getStatus();
        }
    }

    /** A record of the topic that was skipped, where it was and why. */
    public record Refused(String topic, int partition, long offset, String reason) {
    }

    private final Map<String, Entry> latest = new LinkedHashMap<>();
    private final List<Refused> refused = new ArrayList<>();

    /**
     * Applies one record as read from the topic: an announcement is applied, a tombstone is
     * ignored, and anything {@link AnnouncementCheck} refuses is skipped and remembered.
     *
     * @return the refusal, when the record was skipped
     */
    public Optional<Refused> apply(ConsumerRecord<String, byte[]> record) {
        AnnouncementCheck.Read read = AnnouncementCheck.read(record.key(), record.value());
        if (read.refused()) {
            Refused r = new Refused(record.topic(), record.partition(), record.offset(), read.refusal());
            refused.add(r);
            return Optional.of(r);
        }
        if (read.release() != null) {
            apply(read.release(), record.timestamp());
        }
        return Optional.empty();
    }

    /** The records skipped so far, in the order they were read. */
    public List<Refused> refused() {
        return List.copyOf(refused);
    }

    /** Applies announcements in the order of their topic partition. */
    public void apply(ModelRelease release, long announcedAt) {
        latest.put(ReleaseAnnouncements.key(release.getModelName(), release.getVersion()),
                new Entry(release, announcedAt));
    }

    /** Every release of the line, oldest first. */
    public List<Entry> releases(String modelName) {
        List<Entry> entries = new ArrayList<>();
        for (Entry e : latest.values()) {
            if (e.release().getModelName().equals(modelName)) {
                entries.add(e);
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.release().getCreatedAt()).thenComparing(Entry::version));
        return entries;
    }

    public Optional<Entry> release(String modelName, String version) {
        return Optional.ofNullable(latest.get(ReleaseAnnouncements.key(modelName, version)));
    }

    /** The release the live path serves for the line, if any was promoted and not rolled back. */
    public Optional<Entry> live(String modelName) {
        return latest.values().stream()
                .filter(e -> e.release().getModelName().equals(modelName) && e.status() == ReleaseStatus.PROMOTED)
                .max(Comparator.comparingLong(Entry::announcedAt).thenComparing(e -> e.release().getCreatedAt()));
    }

    /**
     * Up to {@code n} promoted releases of the line other than {@code except} (the live one),
     * most recently announced first: what the live release replaced, and was not rolled back.
     */
    public List<Entry> promotedBefore(String modelName, String except, int n) {
        return latest.values().stream()
                .filter(e -> e.release().getModelName().equals(modelName) && e.status() == ReleaseStatus.PROMOTED
                        && !e.version().equals(except))
                .sorted(Comparator.comparingLong(Entry::announcedAt).reversed())
                .limit(n).toList();
    }

    /** Whether a version may still be served to a call pinned to it: promoted and not withdrawn since. */
    public boolean servable(String modelName, String version) {
        return release(modelName, version).map(e -> e.status() == ReleaseStatus.PROMOTED).orElse(false);
    }

    /** Model lines the topic knows, in order of first announcement. */
    public List<String> modelNames() {
        return latest.values().stream().map(e -> e.release().getModelName()).distinct().toList();
    }
}
