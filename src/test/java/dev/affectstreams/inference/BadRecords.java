package dev.affectstreams.inference;

import dev.affectstreams.avro.AudioChunk;
import dev.affectstreams.avro.AudioEncoding;
import dev.affectstreams.avro.FrameFormat;
import dev.affectstreams.avro.LabelFeedback;
import dev.affectstreams.avro.LabelSource;
import dev.affectstreams.avro.TranscriptSegment;
import dev.affectstreams.avro.VideoChunk;
import dev.affectstreams.avro.VideoFrame;
import dev.affectstreams.config.Topics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Records that no input topic may let through: random and empty bytes, truncated records,
 * records of the wrong schema, a valid header over a random body, tombstones, missing keys,
 * ids that disagree with the key, and chunks declaring absurd sizes (frames of 65536x65536 or
 * -1x-3, JPEGs declaring 20000x20000, too many frames, impossible rates, NaN audio, slots far
 * out of range). Each is built for a slot number of its own, so that two of them never meet in
 * one slot; every one must end in the dead-letter topic exactly once.
 */
final class BadRecords {

    /** A record as produced: topic, key and value bytes (either may be null), and what it is. */
    record Bad(String topic, byte[] key, byte[] value, String what) {
        @Override
        public String toString() {
            return what + " on " + topic;
        }
    }

    /** Builds a bad record for a slot number reserved for it. */
    interface Maker {
        Bad make(long seq);
    }

    private final Topics topics;
    private final String call;
    private final String stranger;
    private final Instant t0;

    /**
     * @param stranger a participant with consent whose slots carry no good chunks: bad chunks that
     *                 pass synchronization reach preprocessing under its key
     */
    BadRecords(Topics topics, String call, String stranger, Instant t0) {
        this.topics = topics;
        this.call = call;
        this.stranger = stranger;
        this.t0 = t0;
    }

    Arbitrary<Maker> any(List<String> goodKeys) {
        return Arbitraries.oneOf(bytesOnAnyTopic(), mutatedRecords(goodKeys), absurdVideo(goodKeys),
                absurdAudio(goodKeys), preprocessPoison(), badText(goodKeys), badLabels(goodKeys));
    }

    private List<String> inputTopics() {
        return List.of(topics.audio().name(), topics.video().name(), topics.text().name(),
                topics.labelsFeedback().name());
    }

    /** Random bytes, empty bytes, and a single-object header over random bytes, on any input topic. */
    private Arbitrary<Maker> bytesOnAnyTopic() {
        Arbitrary<String> topic = Arbitraries.of(inputTopics());
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
        Arbitrary<byte[]> headed = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200).map(body -> {
            byte[] b = new byte[10 + body.length];
            b[0] = (byte) 0xC3;
            b[1] = 0x01;
            System.arraycopy(body, 0, b, 10, body.length);
            return b;
        });
        return Combinators.combine(topic, Arbitraries.oneOf(random, headed)).as((t, bytes) ->
                seq -> new Bad(t, key(call + "/" + stranger), bytes, "random bytes (" + bytes.length + ")"));
    }

    /** Valid records truncated, or on the wrong topic, or with their key or value missing. */
    private Arbitrary<Maker> mutatedRecords(List<String> goodKeys) {
        Arbitrary<String> key = Arbitraries.of(goodKeys);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 4);
        Arbitrary<Double> cut = Arbitraries.doubles().between(0.05, 0.95);
        return Combinators.combine(key, kind, cut).as((k, which, fraction) -> seq -> {
            String[] ids = k.split("/", 2);
            byte[] audio = topics.audio().valueSerde().serializer().serialize(null, audio(ids[0], ids[1], seq).build());
            return switch (which) {
                case 0 -> new Bad(topics.audio().name(), key(k),
                        Arrays.copyOf(audio, (int) Math.max(10, audio.length * fraction)), "a truncated audio chunk");
                case 1 -> new Bad(topics.video().name(), key(k), audio, "an audio chunk on the video topic");
                case 2 -> new Bad(topics.text().name(), key(k), audio, "an audio chunk on the text topic");
                case 3 -> new Bad(inputTopics().get((int) (seq % inputTopics().size())), key(k), null, "a tombstone");
                default -> new Bad(topics.audio().name(), null, audio, "a chunk without a key");
            };
        });
    }

    /** Video chunks declaring what no memory or native decoder should be asked for. */
    private Arbitrary<Maker> absurdVideo(List<String> goodKeys) {
        Arbitrary<String> key = Arbitraries.of(goodKeys);
        List<LongFunction<VideoChunk.Builder>> cases = new ArrayList<>();
        cases.add(seq -> rgb(seq, 65536, 65536, 6));
        cases.add(seq -> rgb(seq, -1, -3, 9));
        cases.add(seq -> rgb(seq, 46341, 46341, 12)); // width * height * 3 overflows int
        cases.add(seq -> jpegs(seq, 1, 20000, 20000));
        cases.add(seq -> jpegs(seq, 4, 20000, 20000));
        cases.add(seq -> rgb(seq, 2, 1, 6).setFps(Float.NaN));
        cases.add(seq -> rgb(seq, 2, 1, 6).setFps(1e9f));
        cases.add(seq -> rgb(seq, 2, 1, 6).setDurationMs(100_000));
        cases.add(seq -> rgb(seq, 2, 1, 6).setSeq(Long.MAX_VALUE - 1));
        cases.add(seq -> rgb(seq, 2, 1, 6).setSeq(-seq));
        cases.add(seq -> rgb(seq, 2, 1, 6).setFrames(List.of(new VideoFrame(-5L, ByteBuffer.wrap(new byte[6])))));
        cases.add(seq -> rgb(seq, 2, 1, 6).setFrames(Collections.nCopies(121,
                new VideoFrame(0L, ByteBuffer.wrap(new byte[6])))));
        cases.add(seq -> rgb(seq, 2, 1, 6).setParticipantId("someone-else"));
        return Combinators.combine(key, Arbitraries.integers().between(0, cases.size() - 1)).as((k, i) -> seq -> {
            String[] ids = k.split("/", 2);
            VideoChunk v = cases.get(i).apply(seq).setCallId(ids[0]).setParticipantId(
                    i == cases.size() - 1 ? "someone-else" : ids[1]).build();
            return new Bad(topics.video().name(), key(k), topics.video().valueSerde().serializer().serialize(null, v),
                    "video case " + i);
        });
    }

    /** Audio chunks with impossible rates, channel counts or more samples than their duration holds. */
    private Arbitrary<Maker> absurdAudio(List<String> goodKeys) {
        Arbitrary<String> key = Arbitraries.of(goodKeys);
        List<UnaryOperator<AudioChunk.Builder>> cases = List.of(
                a -> a.setSampleRate(0), a -> a.setSampleRate(12), a -> a.setSampleRate(1_000_000_000),
                a -> a.setChannels(0), a -> a.setChannels(100),
                a -> a.setSamples(ByteBuffer.wrap(new byte[100_000])),
                a -> a.setDurationMs(-1), a -> a.setSeq(Long.MAX_VALUE - 1));
        return Combinators.combine(key, Arbitraries.integers().between(0, cases.size() - 1)).as((k, i) -> seq -> {
            String[] ids = k.split("/", 2);
            AudioChunk a = cases.get(i).apply(audio(ids[0], ids[1], seq)).build();
            return new Bad(topics.audio().name(), key(k), topics.audio().valueSerde().serializer().serialize(null, a),
                    "audio case " + i);
        });
    }

    /**
     * Chunks that pass every size check but cannot be decoded (a JPEG whose header is fine and
     * whose data is not, NaN audio): refused at preprocessing, under the stranger's key.
     */
    private Arbitrary<Maker> preprocessPoison() {
        return Arbitraries.integers().between(0, 1).map(i -> seq -> {
            if (i == 0) {
                VideoChunk v = jpegs(seq, 1, 64, 48).setCallId(call).setParticipantId(stranger).build();
                return new Bad(topics.video().name(), key(call + "/" + stranger),
                        topics.video().valueSerde().serializer().serialize(null, v), "a JPEG with corrupt data");
            }
            ByteBuffer nan = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(Float.NaN);
            nan.flip();
            AudioChunk a = audio(call, stranger, seq).setEncoding(AudioEncoding.PCM_F32LE).setSamples(nan).build();
            return new Bad(topics.audio().name(), key(call + "/" + stranger),
                    topics.audio().valueSerde().serializer().serialize(null, a), "NaN audio");
        });
    }

    private Arbitrary<Maker> badText(List<String> goodKeys) {
        Arbitrary<String> key = Arbitraries.of(goodKeys);
        return Combinators.combine(key, Arbitraries.integers().between(0, 1)).as((k, i) -> seq -> {
            String[] ids = k.split("/", 2);
            TranscriptSegment.Builder s = TranscriptSegment.newBuilder().setCallId(ids[0]).setParticipantId(ids[1])
                    .setSeq(seq).setStart(t0.plusSeconds(seq)).setEnd(t0.plusSeconds(seq + 1)).setText("hello");
            if (i == 0) {
                s.setParticipantId("someone-else");
            } else {
                s.setText("a".repeat(10_001));
            }
            return new Bad(topics.text().name(), key(k), topics.text().valueSerde().serializer().serialize(null,
                    s.build()), i == 0 ? "a caption of another participant" : "a caption too long");
        });
    }

    private Arbitrary<Maker> badLabels(List<String> goodKeys) {
        Arbitrary<String> key = Arbitraries.of(goodKeys);
        return Combinators.combine(key, Arbitraries.integers().between(0, 3)).as((k, i) -> seq -> {
            String[] ids = k.split("/", 2);
            LabelFeedback.Builder l = LabelFeedback.newBuilder().setCallId(ids[0]).setParticipantId(ids[1]).setSeq(seq)
                    .setLabelSet("mosei-6@1").setLabels(Map.of("happy", 1f)).setSource(LabelSource.ANNOTATOR)
                    .setCreatedAt(t0);
            switch (i) {
                case 0 -> l.setLabels(Map.of("happy", Float.NaN));
                case 1 -> l.setParticipantId("someone-else");
                case 2 -> l.setLabelSet("no-such-set@9");
                default -> l.setSeq(Long.MAX_VALUE - 1);
            }
            return new Bad(topics.labelsFeedback().name(), key(k),
                    topics.labelsFeedback().valueSerde().serializer().serialize(null, l.build()), "label case " + i);
        });
    }

    private AudioChunk.Builder audio(String callId, String participant, long seq) {
        ByteBuffer samples = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
        return AudioChunk.newBuilder().setCallId(callId).setParticipantId(participant).setSeq(seq)
                .setCaptureStart(t0.plusSeconds(seq)).setDurationMs(100).setSampleRate(16_000)
                .setSamples(samples).setProducedAt(t0.plusSeconds(seq + 1));
    }

    private VideoChunk.Builder rgb(long seq, int width, int height, int bytes) {
        return VideoChunk.newBuilder().setCallId(call).setParticipantId(stranger).setSeq(seq)
                .setCaptureStart(t0.plusSeconds(seq)).setFps(10f).setWidth(width).setHeight(height)
                .setFrameFormat(FrameFormat.RGB24).setFrames(List.of(new VideoFrame(0L, ByteBuffer.wrap(new byte[bytes]))))
                .setProducedAt(t0.plusSeconds(seq + 1));
    }

    private VideoChunk.Builder jpegs(long seq, int frames, int width, int height) {
        List<VideoFrame> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(new VideoFrame(i * 100_000L, ByteBuffer.wrap(jpegDeclaring(width, height))));
        }
        return VideoChunk.newBuilder().setCallId(call).setParticipantId(stranger).setSeq(seq)
                .setCaptureStart(t0.plusSeconds(seq)).setFps(10f).setWidth(width).setHeight(height)
                .setFrameFormat(FrameFormat.JPEG).setFrames(list).setProducedAt(t0.plusSeconds(seq + 1));
    }

    /** A JPEG of a few hundred bytes whose frame header declares the given size and whose data is garbage. */
    static byte[] jpegDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(631);
        b.put(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8});
        b.putShort((short) height).putShort((short) width);
        b.put(new byte[] {3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, (byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0x11,
                3, 0x11, 0, 0x3F, 0});
        while (b.remaining() > 2) {
            b.put((byte) 0x5A);
        }
        b.put((byte) 0xFF).put((byte) 0xD9);
        return b.array();
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }
}
