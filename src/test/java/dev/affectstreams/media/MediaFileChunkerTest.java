package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.sim.SimulationWriter;
import dev.affectstreams.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void shouldRefuseAMissingFileClearly() {
        assertThatThrownBy(() -> MediaFileChunker.chunk(dir.resolve("nope.mp4").toString(), c -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("no such readable file");
    }
}
