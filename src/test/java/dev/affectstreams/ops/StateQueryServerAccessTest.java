package dev.affectstreams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Who may ask the state API what: loopback by default, read-only, and a bearer token for participants' states. */
class StateQueryServerAccessTest {

    private static final String TOKEN = "s3cret-token-of-this-cluster";
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(StateQueryServer server, String method, String path, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldListenOnTheGivenAddressOnly() throws Exception {
        try (StateQueryServer server = new StateQueryServer("127.0.0.1", "localhost", 0, null)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void shouldAnswerOnlyGetAndHead() throws Exception {
        try (StateQueryServer server = new StateQueryServer("127.0.0.1", "localhost", 0, null)) {
            server.start(null, () -> "RUNNING", () -> "# metrics\n");
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> r = send(server, method, "/state/call/alice", null);
                assertThat(r.statusCode()).as(method).isEqualTo(405);
                assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
            }
            assertThat(send(server, "HEAD", "/health", null).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRequireTheTokenForStatesButNotForProbesOrMetrics() throws Exception {
        try (StateQueryServer server = new StateQueryServer("127.0.0.1", "localhost", 0, TOKEN)) {
            server.start(null, () -> "RUNNING", () -> "# metrics\n");
            for (String path : new String[] {"/state/call/alice", "/calls/call", "/local/calls/call", "/anything",
                "/live/calls", "/live/calls/call", "/live/calls/call/stream"}) {
                assertThat(send(server, "GET", path, null).statusCode()).as(path + " without a token").isEqualTo(401);
                assertThat(send(server, "GET", path, "wrong-token-of-the-same-size").statusCode())
                        .as(path + " with a wrong token").isEqualTo(401);
            }
            assertThat(send(server, "GET", "/anything", TOKEN).statusCode()).as("with the token: past the guard")
                    .isEqualTo(404);
            assertThat(send(server, "GET", "/health", null).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/health/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = send(server, "GET", "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# metrics");
        }
    }

    @Test
    void shouldServeTheLivePagesFilesToAnyoneAndItsDataWithTheToken() throws Exception {
        try (StateQueryServer server = new StateQueryServer("127.0.0.1", "localhost", 0, TOKEN)) {
            server.start(null, () -> "RUNNING", () -> "");
            HttpResponse<String> page = send(server, "GET", "/", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<script src=\"/assets/uPlot.iife.min.js\"></script>", "/live.js");
            HttpResponse<String> chart = send(server, "GET", "/assets/uPlot.iife.min.js", null);
            assertThat(chart.statusCode()).as("uPlot from its WebJar").isEqualTo(200);
            assertThat(chart.body()).contains("uPlot");
            assertThat(send(server, "GET", "/assets/uPlot.min.css", null).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/live.js", null).body()).contains("EventSource");
            assertThat(send(server, "GET", "/live.css", null).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/assets/../logback.xml", TOKEN).statusCode())
                    .as("nothing else of the class path").isEqualTo(404);
            assertThat(send(server, "GET", "/live/calls", TOKEN).statusCode()).as("no feed was started")
                    .isEqualTo(503);
        }
    }
}
