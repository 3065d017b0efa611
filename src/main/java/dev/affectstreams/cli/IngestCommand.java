package dev.affectstreams.cli;

import dev.affectstreams.claimcheck.ClaimCheckStore;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.ingest.ChunkSources;
import dev.affectstreams.ingest.FrameCaps;
import dev.affectstreams.ingest.Pacer;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.media.Captions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes a source as one-second audio and video chunks. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Publish a source as synchronized one-second chunks on the audio and video topics, keyed "
                + "callId/participantId.",
            "SOURCE: a media file or stream URL (anything FFmpeg opens: MP4, AVI, MKV, RTSP, HTTP, RTMP), a capture "
                + "device device:FORMAT:NAME through FFmpeg's input devices (device:v4l2:/dev/video0 on Linux, "
                + "device:avfoundation:0:0 on macOS, device:dshow:video=NAME on Windows; needs the PulseAudio client "
                + "library on Linux), or a simulated call sim:participants=N[,seconds=S][,seed=X][,size=WxH][,fps=F]."})
final class IngestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SOURCE", description = "Media file, stream URL, device:FORMAT:NAME or sim:... source.")
    String source;

    @Option(names = "--call-id", defaultValue = "call-1", paramLabel = "ID", description = "Call id of a media source, default ${DEFAULT-VALUE}.")
    String callId;

    @Option(names = "--participant-id", defaultValue = "participant-1", paramLabel = "ID",
            description = "Participant id of a media source, default ${DEFAULT-VALUE}.")
    String participantId;

    @Option(names = "--captions", paramLabel = "FILE",
            description = "Live captions of a media source, SubRip (.srt) or WebVTT (.vtt), published on the text topic "
                    + "as each caption's second ends.")
    Path captions;

    @Option(names = "--realtime", description = "Pace chunks in real time (one slot per second) instead of as fast as possible.")
    boolean realtime;

    @Option(names = "--jpeg-quality", defaultValue = "0.8", paramLabel = "Q", description = "JPEG quality in (0, 1], default ${DEFAULT-VALUE}.")
    float jpegQuality;

    @Option(names = "--max-chunk-bytes", defaultValue = "1000000", paramLabel = "N",
            description = "Chunks larger than this when encoded are stored in claim.check.dir and sent by reference, "
                    + "or refused where it is not set; default ${DEFAULT-VALUE}.")
    int maxChunkBytes;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (captions != null && source.startsWith("sim:")) {
            throw new IllegalArgumentException("--captions goes with a media source; simulated calls have no captions");
        }
        EffectiveConfig config = configOptions.load();
        Topics topics = Topics.from(config);
        try (KafkaConnection kafka = KafkaConnection.open(config)) {
            ClusterOptions.announce(kafka, config, spec.commandLine().getErr());
            TopicAdmin.ensure(kafka.clientProperties(), config);
            long[] seconds = {0};
            var claims = ClaimCheckStore.configured(config);
            try (ChunkPublisher publisher = new ChunkPublisher(kafka.clientProperties(), topics,
                    new ChunkEncoder(jpegQuality), maxChunkBytes, Clock.systemUTC(), claims)) {
                Pacer pacer = new Pacer(publisher.callStart());
                Deque<Captions.Cue> cues = new ArrayDeque<>(
                        captions == null ? List.of() : Captions.read(captions));
                ChunkSources.read(source, callId, participantId, FrameCaps.from(config), second -> {
                    if (realtime) {
                        pacer.awaitEndOf(second.seq());
                    }
                    publisher.publish(second);
                    while (!cues.isEmpty() && cues.peekFirst().endMs() <= (second.seq() + 1) * 1000) {
                        publisher.publishCaption(callId, participantId, cues.pollFirst());
                    }
                    seconds[0]++;
                });
                cues.forEach(c -> publisher.publishCaption(callId, participantId, c));
                spec.commandLine().getOut().printf("published %d audio and %d video chunks (%d participant-seconds) "
                        + "to %s and %s, %d captions to %s%n", publisher.audioChunks(), publisher.videoChunks(),
                        seconds[0], topics.audio().name(), topics.video().name(), publisher.captions(),
                        topics.text().name());
                if (seconds[0] == 0) {
                    spec.commandLine().getErr().println("ingest: " + source + " yielded no second of audio or video; "
                            + "nothing was published");
                    return 1;
                }
                if (publisher.byReference() > 0) {
                    spec.commandLine().getOut().printf("%d chunks over %d bytes passed by reference from %s%n",
                            publisher.byReference(), maxChunkBytes, claims.root());
                }
            }
        }
        return 0;
    }
}
