package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.affectstreams.sim.SimulationWriter;
import dev.affectstreams.testing.TestMedia;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaFileChunkerTest {

    @TempDir
    Path dir;

    @Test
    void shouldCutAnMp4IntoSecondsOfFramesAnd16kHzAudio() throws IOException {
        SimulationWriter.write(dir, new SimulationWriter.Spec(1, 3, 2, 160, 120, 25), n -> { });
        List<MediaChunk> chunks = new ArrayList<>();

        long n = MediaFileChunker.chunk(dir.resolve("p1.mp4").toString(), chunks::add);

        assertThat(n).isEqualTo(3);
        assertThat(chunks).extracting(MediaChunk::seq).containsExactly(0L, 1L, 2L);
        assertThat(chunks).allSatisfy(c -> assertThat(c.frames()).hasSize(25));
        assertThat(chunks.get(0).audio()).hasSize(16_000);
        assertThat(chunks.get(1).audio()).hasSize(16_000);
        assertThat(chunks.get(0).fps()).isEqualTo(25.0);
        assertThat(chunks.get(1).frameOffsetsMicros()[1]).isEqualTo(40_000L);
    }

    @Test
    void shouldResampleTheAudioOfAnAviWithMjpegAndPcmAt44kHz() throws IOException {
        Path avi = dir.resolve("clip.avi");
        TestMedia.writeAvi(avi, 2, 10, 44_100);
        List<MediaChunk> chunks = new ArrayList<>();

        MediaFileChunker.chunk(avi.toString(), chunks::add);

        assertThat(chunks).hasSize(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.frames()).hasSize(10));
        int samples = chunks.stream().mapToInt(c -> c.audio().length).sum();
        assertThat(samples).isBetween(31_000, 33_000);
    }

    @Test
    void shouldCutAStreamUrlAsItCutsAFile() throws Exception {
        SimulationWriter.write(dir, new SimulationWriter.Spec(1, 3, 2, 160, 120, 25), n -> { });
        HttpServer server = serve(Files.readAllBytes(dir.resolve("p1.mp4")), true);
        try {
            List<MediaChunk> chunks = new ArrayList<>();

            long n = MediaFileChunker.chunk(url(server), chunks::add);

            assertThat(n).isEqualTo(3);
            assertThat(chunks).allSatisfy(c -> assertThat(c.frames()).hasSize(25));
            assertThat(chunks.get(0).audio()).hasSize(16_000);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldRefuseASourceThatDecodesToNothing() throws Exception {
        SimulationWriter.write(dir, new SimulationWriter.Spec(1, 3, 2, 160, 120, 25), n -> { });
        // an MP4 keeps its index at the end: without range requests FFmpeg cannot seek back to the frames
        HttpServer server = serve(Files.readAllBytes(dir.resolve("p1.mp4")), false);
        try {
            assertThatThrownBy(() -> MediaFileChunker.chunk(url(server), c -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining("decoded nothing from " + url(server));
        } finally {
            server.stop(0);
        }
        Path empty = Files.write(dir.resolve("empty.avi"), new byte[0]);
        assertThatThrownBy(() -> MediaFileChunker.chunk(empty.toString(), c -> { })).isInstanceOf(IOException.class);
    }

    /** An HTTP server for one file, with or without byte-range requests (which real servers answer). */
    private static HttpServer serve(byte[] body, boolean ranges) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/call.mp4", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            int start = ranges && range != null && range.matches("bytes=\\d+-")
                    ? Integer.parseInt(range.substring(6, range.length() - 1)) : 0;
            if (ranges) {
                exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            }
            if (start > 0) {
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - start);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            try (var out = exchange.getResponseBody()) {
                out.write(body, start, body.length - start);
            } catch (IOException clientLeft) {
                // FFmpeg closes a response it no longer needs
            }
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/call.mp4";
    }

    @Test
    void shouldRefuseAMissingFileClearly() {
        assertThatThrownBy(() -> MediaFileChunker.chunk(dir.resolve("nope.mp4").toString(), c -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("no such readable file");
    }

    @Test
    void shouldCaptureFromAnFfmpegInputDeviceInSeconds() throws IOException {
        Assumptions.assumeTrue(MediaFileChunker.deviceSupportMissing() == null,
                MediaFileChunker::deviceSupportMissing);
        List<MediaChunk> chunks = new ArrayList<>();
        // lavfi is FFmpeg's virtual input device: a test pattern and a tone, as a camera and microphone would give
        long n = MediaFileChunker.capture("lavfi",
                "testsrc=size=160x120:rate=10:duration=3[out0];sine=frequency=440:sample_rate=44100:duration=3[out1]",
                chunks::add);

        assertThat(n).isEqualTo(3);
        assertThat(chunks).extracting(MediaChunk::seq).containsExactly(0L, 1L, 2L);
        for (MediaChunk c : chunks) {
            assertThat(c.frames()).hasSize(10);
            assertThat(c.frames().get(0).getWidth()).isEqualTo(160);
        }
        assertThat(chunks.get(0).audio().length).isEqualTo(MediaFileChunker.SAMPLE_RATE);
        assertThat(chunks.get(1).audio().length).isEqualTo(MediaFileChunker.SAMPLE_RATE);
        assertThat(chunks.get(2).audio().length).as("the resampler's delay shortens the end")
                .isBetween(MediaFileChunker.SAMPLE_RATE - 64, MediaFileChunker.SAMPLE_RATE);
    }

    @Test
    void shouldRefuseAMissingDeviceClearly() {
        assertThatThrownBy(() -> MediaFileChunker.capture("v4l2", "/dev/video-none", c -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot open v4l2 device /dev/video-none")
                .hasMessageNotContaining("input format");
    }
}
