package dev.affectstreams.sync;

import java.time.Duration;

/**
 * When a slot that has one modality goes on without the other. For a slot whose audio or video
 * arrived first at wall time t0, the missing modality M is given up when the first of these holds:
 * <ul>
 *   <li>M's chunks of the same participant have reached slot seq + {@code lagChunks} (M is
 *       flowing, this one is missing or out of order beyond the lag);</li>
 *   <li>M is flowing for other participants of the task (a chunk arrived within {@code grace})
 *       and now − t0 &gt; {@code grace} (this participant's M has stopped);</li>
 *   <li>the participant's M stopped while M flows for others: it has been seen for longer than
 *       {@code grace}, its other stream arrived within {@code grace} and its M did not (a
 *       participant who muted, where the producer does not say so); such slots go on at the next
 *       check, as promptly as synced ones;</li>
 *   <li>now − t0 &gt; {@code maxWait}, whatever else happens.</li>
 * </ul>
 * A chunk whose producer declares the other modality absent ({@code audioAbsent} on video,
 * {@code videoAbsent} on audio: muted, camera off, a file without that track) goes on at once.
 * A broker stall stops M for every participant of a partition, so only the last rule applies:
 * a stall shorter than {@code maxWait} delays slots but loses nothing (measured stalls on a
 * partition leader loss are about 10 s; the default is 15 s). A chunk arriving after its slot
 * went on without it is late: it goes to the dead-letter topic with that reason.
 *
 * @param grace         wait for a modality that flows for others, and the activity window
 * @param maxWait       longest wait for a missing modality
 * @param lagChunks     how far the same participant's other stream may run ahead
 * @param retention     how long an emitted slot is remembered to drop duplicates and spot late chunks
 * @param punctuation   how often pending slots are checked
 * @param limits        what a chunk may claim before it is stored
 */
public record SyncSettings(Duration grace, Duration maxWait, int lagChunks, Duration retention,
                           Duration punctuation, InputLimits limits) {

    public static SyncSettings defaults() {
        return new SyncSettings(Duration.ofSeconds(2), Duration.ofSeconds(15), 2, Duration.ofMinutes(2),
                Duration.ofMillis(100), InputLimits.defaults());
    }

    public SyncSettings withLimits(InputLimits limits) {
        return new SyncSettings(grace, maxWait, lagChunks, retention, punctuation, limits);
    }
}
