package dev.affectstreams.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caption files, SubRip (.srt) and WebVTT (.vtt): cues with start and end times and their text
 * (WebVTT tags and cue settings removed, lines joined by a space).
 */
public final class Captions {

    /** One cue, times in milliseconds from the start of the media. */
    public record Cue(long startMs, long endMs, String text) {
    }

    private static final Pattern TIMES = Pattern.compile(
            "((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{3})\\s*-->\\s*((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{3})");

    private Captions() {
    }

    public static List<Cue> read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read captions " + file);
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static List<Cue> parse(String content) throws IOException {
        List<Cue> cues = new ArrayList<>();
        String[] lines = content.replace("\uFEFF", "").split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = TIMES.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            long start = millis(m.group(1));
            long end = millis(m.group(2));
            if (end < start) {
                throw new IOException("caption at line " + (i + 1) + " ends before it starts");
            }
            StringBuilder text = new StringBuilder();
            while (i + 1 < lines.length && !lines[i + 1].isBlank()) {
                i++;
                text.append(text.length() == 0 ? "" : " ").append(lines[i].replaceAll("<[^>]*>", "").strip());
            }
            cues.add(new Cue(start, end, text.toString()));
        }
        if (cues.isEmpty()) {
            throw new IOException("no SRT or WebVTT cues found");
        }
        return cues;
    }

    private static long millis(String time) {
        String[] parts = time.replace(',', '.').split(":");
        long hours = parts.length == 3 ? Long.parseLong(parts[0]) : 0;
        long minutes = Long.parseLong(parts[parts.length - 2]);
        String[] secMs = parts[parts.length - 1].split("\\.");
        return ((hours * 60 + minutes) * 60 + Long.parseLong(secMs[0])) * 1000 + Long.parseLong(secMs[1]);
    }
}
