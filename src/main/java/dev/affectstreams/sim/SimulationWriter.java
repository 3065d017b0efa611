package dev.affectstreams.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Writes a simulated call to a directory: {@code <participant>.mp4} per participant (H.264 +
 * AAC) and {@code labels.csv} with one row per participant and second: intensity per emotion
 * (MOSEI scale 0–3; all zero is neutral) and how strongly face and voice showed it.
 */
public final class SimulationWriter {

    public static final String LABELS = "labels.csv";

    private SimulationWriter() {
    }

    /** Settings of a simulated call. */
    public record Spec(int participants, int seconds, long seed, int width, int height, int fps) {
    }

    /**
     * @param progress called with the number of participant-seconds done
     * @return the files written
     */
    public static List<Path> write(Path dir, Spec spec, LongConsumer progress) throws IOException {
        Files.createDirectories(dir);
        SimulatedCall call = new SimulatedCall("sim", spec.participants(), spec.seed(), spec.width(), spec.height(),
                spec.fps());
        List<Path> files = new ArrayList<>();
        List<Mp4Writer> writers = new ArrayList<>();
        Path labels = dir.resolve(LABELS);
        try (BufferedWriter csv = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
            csv.write("participant,second");
            for (Emotion e : Emotion.values()) {
                csv.write("," + e.label());
            }
            csv.write(",face_gain,voice_gain\n");
            for (SimulatedParticipant p : call.participants()) {
                Path file = dir.resolve(p.id() + ".mp4");
                writers.add(new Mp4Writer(file, spec.width(), spec.height(), spec.fps()));
                files.add(file);
            }
            long done = 0;
            for (int s = 0; s < spec.seconds(); s++) {
                List<ParticipantSecond> seconds = call.next();
                for (int i = 0; i < seconds.size(); i++) {
                    ParticipantSecond second = seconds.get(i);
                    writers.get(i).write(second);
                    csv.write(row(second));
                    progress.accept(++done);
                }
            }
        } finally {
            for (Mp4Writer w : writers) {
                w.close();
            }
        }
        files.add(labels);
        return files;
    }

    private static String row(ParticipantSecond s) {
        StringBuilder row = new StringBuilder(s.participantId()).append(',').append(s.seq());
        for (Emotion e : Emotion.values()) {
            row.append(String.format(Locale.ROOT, ",%.3f", s.labels().get(e)));
        }
        row.append(String.format(Locale.ROOT, ",%.3f,%.3f%n", s.faceGain(), s.voiceGain()));
        return row.toString();
    }
}
