package dev.affectstreams.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard in deploy/grafana: its panels' queries and the metrics they read. */
public final class Dashboard {

    public static final Path FILE = Path.of("deploy", "grafana", "dashboards", "affect-streams.json");
    /** Every metric the project exports or charts starts with one of these. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:affect|kafka|jvm)_[a-z0-9_]+");

    private Dashboard() {
    }

    public static JsonNode json() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of every panel. */
    public static List<String> queries() {
        List<String> out = new ArrayList<>();
        json().get("panels").forEach(p -> p.get("targets").forEach(t -> out.add(t.get("expr").asText())));
        return out;
    }

    /** The metric names the queries read, each as it appears in a scrape (histograms by their _bucket, _sum, _count). */
    public static Set<String> metrics(Predicate<String> which) {
        Set<String> names = new TreeSet<>();
        for (String q : queries()) {
            Matcher m = METRIC.matcher(q);
            boolean any = false;
            while (m.find()) {
                any = true;
                if (which.test(m.group())) {
                    names.add(m.group());
                }
            }
            assertThat(any).as("a query that reads no metric of the project: %s", q).isTrue();
        }
        return names;
    }

    /** Fails naming each metric the dashboard reads (of those {@code which} selects) that the scrape lacks. */
    public static void assertScrapeHasEveryMetric(String scrape, Predicate<String> which) {
        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (m.find()) {
            exported.add(m.group(1));
        }
        Set<String> wanted = metrics(which);
        assertThat(wanted).as("metrics the dashboard reads").isNotEmpty();
        assertThat(exported).as("the dashboard's metrics in a running app's /metrics").containsAll(wanted);
    }

    /** Whether a metric is the retraining worker's (the others are the live processor's). */
    public static boolean retraining(String metric) {
        return metric.startsWith("affect_retrain_");
    }
}
