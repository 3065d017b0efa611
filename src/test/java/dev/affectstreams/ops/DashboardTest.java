package dev.affectstreams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.affectstreams.config.Settings;
import dev.affectstreams.testing.Dashboard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and its wiring in compose.yaml: panels for what an operator watches, all
 * on the provisioned Prometheus, which scrapes the processor and the worker where they listen.
 * That every metric it queries exists is checked against running apps (LivePathIT,
 * RetrainWorkerRestartIT).
 */
class DashboardTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldChartWhatAnOperatorWatches() {
        Set<String> metrics = Dashboard.metrics(m -> true);
        assertThat(metrics).contains("affect_events_total", "affect_event_latency_seconds_bucket",
                "affect_inference_batch_size_bucket", "kafka_consumer_fetch_manager_records_lag_max",
                "affect_dead_letters_total", "affect_release_served", "affect_retrain_rounds_total",
                "affect_stage_seconds_sum");
        String all = String.join("\n", Dashboard.queries());
        assertThat(all).as("latency percentiles").contains("histogram_quantile(0.99", "histogram_quantile(0.5");
        assertThat(all).as("dead letters by stage").contains("sum by (stage, reason) (rate(affect_dead_letters_total");
    }

    @Test
    void shouldGiveEveryPanelAnIdAPlaceAndTheProvisionedDatasource() throws Exception {
        JsonNode source = YAML.readTree(Path.of("deploy", "grafana", "provisioning", "datasources", "prometheus.yaml")
                .toFile()).path("datasources").get(0);
        String uid = source.path("uid").asText();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : Dashboard.json().path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(uid);
            panel.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo(uid));
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
    }

    @Test
    void shouldBeProvisionedAndScrapedInCompose() throws Exception {
        JsonNode services = YAML.readTree(Path.of("compose.yaml").toFile()).path("services");
        List<String> grafanaMounts = new ArrayList<>();
        services.path("grafana").path("volumes").forEach(v -> grafanaMounts.add(v.asText()));
        String dashboardsAt = YAML.readTree(Path.of("deploy", "grafana", "provisioning", "dashboards",
                "affect-streams.yaml").toFile()).path("providers").get(0).path("options").path("path").asText();
        assertThat(grafanaMounts).contains("./deploy/grafana/dashboards:" + dashboardsAt + ":ro",
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
        List<String> targets = new ArrayList<>();
        YAML.readTree(Path.of("deploy", "prometheus", "prometheus.yml").toFile()).path("scrape_configs")
                .forEach(job -> job.path("static_configs").forEach(c -> c.path("targets")
                        .forEach(t -> targets.add(t.asText()))));
        assertThat(targets).containsExactlyInAnyOrder("process:" + Settings.HTTP_PORT.defaultValue(),
                "retrain:" + Settings.RETRAIN_HTTP_PORT.defaultValue());
        for (String service : List.of("process", "retrain")) {
            assertThat(services.path(service).path("command").toString()).as("%s listens beyond loopback", service)
                    .contains("http.bind=0.0.0.0");
        }
        assertThat(services.path("prometheus").path("volumes").toString())
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml");
    }
}
