package dev.affectstreams.ingest;

import dev.affectstreams.media.MediaFileChunker;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sources {@code ingest} reads: a media file or stream URL (anything FFmpeg opens), a
 * capture device {@code device:FORMAT:NAME} (an FFmpeg input device: {@code device:v4l2:/dev/video0},
 * {@code device:avfoundation:0:0}, {@code device:dshow:video=Camera}, {@code device:lavfi:testsrc}),
 * or a simulated call {@code sim:participants=N[,seconds=S][,seed=X][,size=WxH][,fps=F]}. Each
 * source hands over every participant's seconds in slot order.
 */
public final class ChunkSources {

    private ChunkSources() {
    }

    /** Parsed {@code sim:} parameters. */
    public record SimSpec(int participants, int seconds, long seed, int width, int height, int fps) {

        static SimSpec parse(String spec) {
            Map<String, String> p = new HashMap<>();
            String body = spec.substring("sim:".length());
            for (String part : body.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String[] kv = part.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("sim source parameter '" + part + "' is not key=value");
                }
                p.put(kv[0].strip(), kv[1].strip());
            }
            for (String key : p.keySet()) {
                if (!List.of("participants", "seconds", "seed", "size", "fps").contains(key)) {
                    throw new IllegalArgumentException("unknown sim source parameter '" + key
                            + "'; known: participants, seconds, seed, size, fps");
                }
            }
            String[] size = p.getOrDefault("size", "320x240").split("x");
            return new SimSpec(Integer.parseInt(p.getOrDefault("participants", "2")),
                    Integer.parseInt(p.getOrDefault("seconds", "30")), Long.parseLong(p.getOrDefault("seed", "127")),
                    Integer.parseInt(size[0]), Integer.parseInt(size[1]), Integer.parseInt(p.getOrDefault("fps", "25")));
        }
    }

    /**
     * Reads a source and hands its seconds, their frames within {@code caps}, to the sink, all
     * participants of a slot before the next slot.
     *
     * @param callId        call id for media sources (sim sources use "sim-<seed>")
     * @param participantId participant id for media sources
     */
    public static void read(String source, String callId, String participantId, FrameCaps caps,
                            Consumer<CapturedSecond> sink) throws IOException {
        read(source, callId, participantId, second -> sink.accept(caps.apply(second)));
    }

    /** The same as the source gives them. */
    public static void read(String source, String callId, String participantId, Consumer<CapturedSecond> sink)
            throws IOException {
        if (source.startsWith("sim:")) {
            SimSpec spec = SimSpec.parse(source);
            SimulatedCall call = new SimulatedCall("sim-" + spec.seed(), spec.participants(), spec.seed(), spec.width(),
                    spec.height(), spec.fps());
            for (int s = 0; s < spec.seconds(); s++) {
                for (ParticipantSecond p : call.next()) {
                    sink.accept(new CapturedSecond(call.callId(), p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), spec.fps()));
                }
            }
            return;
        }
        if (source.startsWith("device:")) {
            String[] parts = source.split(":", 3);
            if (parts.length < 3 || parts[1].isBlank() || parts[2].isBlank()) {
                throw new IllegalArgumentException("a device source is device:FORMAT:NAME, e.g. device:v4l2:/dev/video0");
            }
            MediaFileChunker.capture(parts[1], parts[2], c -> sink.accept(new CapturedSecond(callId, participantId,
                    c.seq(), c.frames(), c.frameOffsetsMicros(), c.audio(), c.fps())));
            return;
        }
        MediaFileChunker.chunk(source, c -> sink.accept(new CapturedSecond(callId, participantId, c.seq(), c.frames(),
                c.frameOffsetsMicros(), c.audio(), c.fps())));
    }
}
