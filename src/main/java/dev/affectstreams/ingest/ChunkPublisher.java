package dev.affectstreams.ingest;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.claimcheck.ClaimCheckStore;
import dev.affectstreams.config.Topic;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.ProducerSettings;
import dev.affectstreams.media.Captions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes captured seconds to the audio and video topics, keyed by participant, with an
 * idempotent producer (acks=all). A second with only one modality says the other is absent
 * ({@code audioAbsent} / {@code videoAbsent}), so the processor does not wait for it. A chunk
 * over the size limit is refused with a clear error
 * before anything is sent; a send failure surfaces on the next publish or on close.
 */
public final class ChunkPublisher implements AutoCloseable {

    private final Topics topics;
    private final ChunkEncoder encoder;
    private final int maxBytes;
    private final Clock clock;
    private final Instant callStart;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long audioChunks;
    private long videoChunks;
    private long captions;
    private long byReference;
    private final ClaimCheckStore claimChecks;

    public ChunkPublisher(Map<String, Object> clientProperties, Topics topics, ChunkEncoder encoder, int maxBytes,
                          Clock clock) {
        this(clientProperties, topics, encoder, maxBytes, clock, null);
    }

    /**
     * @param claimChecks where chunks over {@code maxBytes} are stored and passed by reference;
     *                    null: such chunks are refused
     */
    public ChunkPublisher(Map<String, Object> clientProperties, Topics topics, ChunkEncoder encoder, int maxBytes,
                          Clock clock, ClaimCheckStore claimChecks) {
        this.claimChecks = claimChecks;
        this.topics = topics;
        this.encoder = encoder;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.callStart = clock.instant();
        Map<String, Object> props = ProducerSettings.reliable(clientProperties);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(maxBytes + 4096, 1_048_576));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public Instant callStart() {
        return callStart;
    }

    public void publish(CapturedSecond second) {
        rethrow();
        Instant now = clock.instant();
        boolean hasAudio = second.audio() != null && second.audio().length > 0;
        boolean hasVideo = !second.frames().isEmpty();
        if (hasAudio) {
            AudioChunk audio = encoder.audio(second, callStart, now);
            audio.setVideoAbsent(!hasVideo);
            send(topics.audio(), second, audio, "audio", uri -> AudioChunk.newBuilder(audio)
                    .setSamples(ByteBuffer.allocate(0)).setPayloadUri(uri).build());
            audioChunks++;
        }
        if (hasVideo) {
            VideoChunk video = encoder.video(second, callStart, now);
            video.setAudioAbsent(!hasAudio);
            send(topics.video(), second, video, "video",
                    uri -> VideoChunk.newBuilder(video).setFrames(List.of()).setPayloadUri(uri).build());
            videoChunks++;
        }
    }

    /** Sends a chunk inline, or, when it is over the limit and claim checks are on, stored and by reference. */
    private <V> void send(Topic<String, V> topic, CapturedSecond second, V value, String what,
                          Function<String, V> envelope) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        if (bytes.length > maxBytes) {
            if (claimChecks == null) {
                throw new ChunkTooLargeException(what + " chunk " + second.seq() + " of " + second.key(), bytes.length,
                        maxBytes);
            }
            try {
                String uri = claimChecks.store(topic.name(), second.key(), second.seq(), bytes);
                bytes = topic.valueSerde().serializer().serialize(topic.name(), envelope.apply(uri));
                byReference++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + what + " chunk " + second.seq() + " of "
                        + second.key() + " in " + claimChecks.root() + ": " + e.getMessage(), e);
            }
        }
        byte[] key = topic.keySerde().serializer().serialize(topic.name(), second.key());
        producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** A caption as a transcript segment of the participant, in the slot where it starts. */
    public void publishCaption(String callId, String participantId, Captions.Cue cue) {
        rethrow();
        var segment = TranscriptSegment.newBuilder().setCallId(callId)
                .setParticipantId(participantId).setSeq(cue.startMs() / 1000)
                .setStart(callStart.plusMillis(cue.startMs())).setEnd(callStart.plusMillis(cue.endMs()))
                .setText(cue.text()).setIsFinal(true).build();
        byte[] key = topics.text().keySerde().serializer().serialize(topics.text().name(), callId + "/" + participantId);
        byte[] value = topics.text().valueSerde().serializer().serialize(topics.text().name(), segment);
        producer.send(new ProducerRecord<>(topics.text().name(), key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        captions++;
    }

    public long captions() {
        return captions;
    }

    public long audioChunks() {
        return audioChunks;
    }

    /** Chunks sent by reference (claim checks). */
    public long byReference() {
        return byReference;
    }

    public long videoChunks() {
        return videoChunks;
    }

    private void rethrow() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("publishing chunks failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.flush();
        producer.close();
        rethrow();
    }
}
