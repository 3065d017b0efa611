package dev.affectstreams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The health endpoints as a Kubernetes readiness and liveness probe read them: by status code. */
class StateQueryServerHealthTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private int status(StateQueryServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void shouldBeReadyOnlyWhileProcessingAndLiveUntilItFails() throws Exception {
        AtomicReference<String> state = new AtomicReference<>("CREATED");
        try (StateQueryServer server = new StateQueryServer("localhost", 0)) {
            server.start(null, state::get, () -> "");

            assertThat(status(server, "/health")).as("CREATED readiness").isEqualTo(503);
            assertThat(status(server, "/health/live")).as("CREATED liveness").isEqualTo(200);
            for (String processing : new String[] {"RUNNING", "REBALANCING"}) {
                state.set(processing);
                assertThat(status(server, "/health")).as(processing + " readiness").isEqualTo(200);
                assertThat(status(server, "/health/live")).as(processing + " liveness").isEqualTo(200);
            }
            for (String dead : new String[] {"ERROR", "NOT_RUNNING"}) {
                state.set(dead);
                assertThat(status(server, "/health")).as(dead + " readiness").isEqualTo(503);
                assertThat(status(server, "/health/live")).as(dead + " liveness").isEqualTo(503);
            }
        }
    }
}
