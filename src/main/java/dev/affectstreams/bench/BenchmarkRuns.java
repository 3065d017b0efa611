package dev.affectstreams.bench;

import ai.djl.Device;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The benchmark commands' runs and their tables, with the machine they ran on. */
public final class BenchmarkRuns {

    private BenchmarkRuns() {
    }

    /** The learning-evidence table over several seeds. */
    public record Learning(String machine, int seeds, int epochs, List<LearningEvidence.Row> rows, String markdown) {
    }

    /** The throughput table. */
    public record Throughput(String machine, String device, List<ModelThroughput.Row> rows, String markdown) {
    }

    public static Learning learning(int seeds, int epochs, Consumer<String> log) {
        List<LearningEvidence.Row> all = new ArrayList<>();
        LearningEvidence.Settings first = null;
        for (int seed = 0; seed < seeds; seed++) {
            LearningEvidence.Settings base = LearningEvidence.Settings.standard(127 + seed);
            LearningEvidence.Settings s = new LearningEvidence.Settings(base.seed(), base.trainClips(),
                    base.trainParticipants(), base.validationClips(), base.testClips(), epochs, base.batchSize(),
                    base.learningRate(), base.labelFractions(), base.combinations());
            first = first == null ? s : first;
            log.accept("seed " + s.seed() + ":");
            all.addAll(LearningEvidence.run(s, log));
        }
        return new Learning(machine(), seeds, epochs, all, learningMarkdown(all, first, seeds));
    }

    public static Throughput throughput(String deviceSpec, List<Integer> batchSizes, double seconds,
                                        Consumer<String> log) {
        Device device = Devices.parse(deviceSpec);
        log.accept("paper scale (R 4096, P 512, K 32, D 1024; inputs 4096/1024/768) on " + device + ", " + machine());
        List<ModelThroughput.Row> rows = ModelThroughput.run(ModelConfig.paperScale(), device, batchSizes, seconds, log);
        return new Throughput(machine(), device.toString(), rows, ModelThroughput.markdown(rows));
    }

    public static BackboneBenchmark.Result backbones(List<String> names, List<Integer> batches, String deviceSpec,
                                                      Consumer<String> log) {
        return BackboneBenchmark.run(names, batches, Devices.parse(deviceSpec), log);
    }

    static String learningMarkdown(List<LearningEvidence.Row> rows, LearningEvidence.Settings s, int seeds) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Synthetic feature world (test instrument, not real people): %d unlabelled training "
                        + "clips of %d participants, test on %d clips of other participants; heads R 64, P 32, K 12, "
                        + "D 32; %d epochs; weighted F1, mean ± sd over %d seeds.%n%n", s.trainClips(),
                s.trainParticipants(), s.testClips(), s.epochs(), seeds));
        md.append("| pretraining |");
        s.labelFractions().forEach(f -> md.append(String.format(" F1 @ %.0f%% labels |", 100 * f)));
        md.append("\n|---|");
        s.labelFractions().forEach(f -> md.append("---|"));
        md.append('\n');
        Map<String, List<LearningEvidence.Row>> byName = new LinkedHashMap<>();
        rows.forEach(r -> byName.computeIfAbsent(r.pretraining(), k -> new ArrayList<>()).add(r));
        byName.forEach((name, list) -> {
            md.append("| ").append(name).append(" |");
            for (double f : s.labelFractions()) {
                double[] v = list.stream().filter(r -> r.labelFraction() == f).mapToDouble(LearningEvidence.Row::f1)
                        .toArray();
                md.append(String.format(" %.3f ± %.3f |", mean(v), sd(v)));
            }
            md.append('\n');
        });
        return md.toString();
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.arch");
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
