package dev.affectstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Topics;
import dev.affectstreams.model.data.RealFaces;
import dev.affectstreams.testing.HdVideo;
import dev.affectstreams.testing.RealFaceFixture;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ordinary 1280x720 30 fps MP4 (made at test time from a real photo, decoded by FFmpeg) fits in
 * records under the broker's default 1 MB once ingest caps its frames (640 pixels, 16 fps), and
 * not before; a file without a sound track gives seconds without audio.
 */
class FrameCapsTest {

    private static final Topics TOPICS = Topics.from(EffectiveConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void shouldFitA720pSecondUnderTheBrokersDefaultRecordSize() throws Exception {
        RealFaces faces = RealFaceFixture.fetchedOrSkipped();
        List<CapturedSecond> seconds = secondsOf(HdVideo.write(dir.resolve("call.mp4"), faces.photo("sample3.jpg"),
                1280, 720, 30, 3, true));
        FrameCaps caps = FrameCaps.from(EffectiveConfig.defaults());
        ChunkEncoder encoder = new ChunkEncoder(0.8f);

        assertThat(seconds).hasSize(3);
        for (CapturedSecond raw : seconds) {
            assertThat(raw.frames()).hasSize(30);
            assertThat(raw.frames().get(0).getWidth()).isEqualTo(1280);
            int uncapped = size(encoder, raw);
            CapturedSecond capped = caps.apply(raw);
            int bytes = size(encoder, capped);

            assertThat(uncapped).as("second %d as the source has it", raw.seq()).isGreaterThan(1_000_000);
            assertThat(bytes).as("second %d capped", raw.seq()).isLessThan(1_000_000);
            assertThat(capped.frames()).hasSize(16);
            assertThat(capped.frames().get(0).getWidth()).isEqualTo(640);
            assertThat(capped.frames().get(0).getHeight()).isEqualTo(360);
            assertThat(capped.fps()).isEqualTo(16.0);
            assertThat(capped.frameOffsetsMicros()).isSorted().hasSize(16);
            assertThat(capped.audio()).isSameAs(raw.audio());
        }
    }

    @Test
    void shouldLeaveASecondWithinTheCapsAsItIs() {
        var small = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        CapturedSecond s = new CapturedSecond("c", "p", 0, List.of(small, small), new long[] {0, 500_000}, null, 2);

        assertThat(new FrameCaps(640, 16).apply(s)).isSameAs(s);
    }

    @Test
    void shouldGiveSecondsWithoutAudioForAFileWithoutASoundTrack() throws Exception {
        RealFaces faces = RealFaceFixture.fetchedOrSkipped();
        List<CapturedSecond> seconds = secondsOf(HdVideo.write(dir.resolve("silent.mp4"), faces.photo("sample6.jpg"),
                640, 360, 16, 2, false));

        assertThat(seconds).hasSize(2).allMatch(s -> s.audio() == null || s.audio().length == 0);
        assertThat(seconds).allMatch(s -> !s.frames().isEmpty());
    }

    private static List<CapturedSecond> secondsOf(Path mp4) throws IOException {
        List<CapturedSecond> seconds = new ArrayList<>();
        ChunkSources.read(mp4.toString(), "c", "p", seconds::add);
        return seconds;
    }

    private static int size(ChunkEncoder encoder, CapturedSecond s) {
        var chunk = encoder.video(s, Instant.EPOCH, Instant.EPOCH);
        return TOPICS.video().valueSerde().serializer().serialize(TOPICS.video().name(), chunk).length;
    }
}
