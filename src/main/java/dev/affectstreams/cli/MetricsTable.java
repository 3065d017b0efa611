package dev.affectstreams.cli;

import dev.affectstreams.model.probe.ClassificationMetrics;
import java.io.PrintWriter;

/** Prints metrics as the reference reports them, per class and support-weighted. */
final class MetricsTable {

    private MetricsTable() {
    }

    static void print(PrintWriter out, String title, ClassificationMetrics.Report r) {
        out.printf("%s on %d clips (%s)%n", title, r.samples(), r.multiLabel() ? "multi-label, threshold 0.5" : "multi-class");
        out.printf("%-14s %8s %9s %9s %9s %9s%n", "label", "support", "accuracy", "precision", "recall", "f1");
        for (ClassificationMetrics.PerClass c : r.perClass()) {
            out.printf("%-14s %8d %9.4f %9.4f %9.4f %9.4f%n", c.label(), c.support(), c.accuracy(), c.precision(),
                    c.recall(), c.f1());
        }
        out.printf("%-14s %8s %9.4f %9.4f %9.4f %9.4f%n", "weighted", "", r.accuracy(), r.precision(), r.recall(),
                r.f1());
        out.println("(" + ClassificationMetrics.Report.WA_NOTE + ")");
        out.flush();
    }
}
