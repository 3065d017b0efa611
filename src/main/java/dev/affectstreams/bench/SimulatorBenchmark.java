package dev.affectstreams.bench;

import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedParticipant;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * How fast one thread simulates: participant-seconds generated per wall second, with and
 * without JPEG-encoding every frame (what a live source does before publishing).
 */
public final class SimulatorBenchmark {

    private SimulatorBenchmark() {
    }

    /** One measurement. */
    public record Row(String what, int width, int height, int fps, int participantSeconds, double seconds,
                      double msPerParticipantSecond, double realTimeParticipantsPerCore) {
    }

    public static List<Row> run(int width, int height, int fps, double budgetSeconds) {
        measure(width, height, fps, 2, false);
        return List.of(measure(width, height, fps, budgetSeconds, false), measure(width, height, fps, budgetSeconds, true));
    }

    private static Row measure(int width, int height, int fps, double budget, boolean jpeg) {
        SimulatedParticipant participant = new SimulatedParticipant("bench", 7, width, height, fps);
        long start = System.nanoTime();
        int n = 0;
        while ((System.nanoTime() - start) / 1e9 < budget) {
            ParticipantSecond s = participant.next();
            if (jpeg) {
                s.frames().forEach(SimulatorBenchmark::encode);
            }
            n++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double ms = 1000 * seconds / n;
        return new Row(jpeg ? "generate + JPEG frames" : "generate", width, height, fps, n, seconds, ms, 1000 / ms);
    }

    private static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| work (one thread) | frame | ms per participant-second | "
                + "participants in real time per core |\n|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %dx%d @ %d fps | %.1f | %.1f |%n", r.what(), r.width(), r.height(), r.fps(),
                    r.msPerParticipantSecond(), r.realTimeParticipantsPerCore()));
        }
        return md.toString();
    }
}
