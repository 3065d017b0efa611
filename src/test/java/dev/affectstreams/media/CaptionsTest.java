package dev.affectstreams.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CaptionsTest {

    @Test
    void shouldReadSubRip() throws IOException {
        String srt = "1\n00:00:01,250 --> 00:00:02,500\nThat is\nwonderful!\n\n2\n01:00:03,000 --> 01:00:04,000\nYes\n";

        assertThat(Captions.parse(srt)).containsExactly(new Captions.Cue(1_250, 2_500, "That is wonderful!"),
                new Captions.Cue(3_603_000, 3_604_000, "Yes"));
    }

    @Test
    void shouldReadWebVttWithoutHoursTagsOrSettings() throws IOException {
        String vtt = "WEBVTT\n\nintro\n00:01.000 --> 00:02.000 align:start\n<v Alice>Hello <b>there</b>\n\n"
                + "00:00:02.500 --> 00:00:03.000\nbye\n";

        assertThat(Captions.parse(vtt)).containsExactly(new Captions.Cue(1_000, 2_000, "Hello there"),
                new Captions.Cue(2_500, 3_000, "bye"));
    }

    @Test
    void shouldRefuseAFileWithoutCues() {
        assertThatThrownBy(() -> Captions.parse("just text")).hasMessageContaining("no SRT or WebVTT cues");
        assertThatThrownBy(() -> Captions.parse("00:00:05,000 --> 00:00:04,000\nx\n")).hasMessageContaining("ends before");
    }
}
