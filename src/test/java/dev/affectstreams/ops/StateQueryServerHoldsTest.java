package dev.affectstreams.ops;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API holds: stalled clients neither block the health checks nor keep their connection; a taken port is named. */
class StateQueryServerHoldsTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static List<Socket> stall(StateQueryServer server, int clients) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket s = new Socket("127.0.0.1", server.port());
            OutputStream out = s.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(s);
        }
        return sockets;
    }

    private long healthMillis(StateQueryServer server, String path) throws Exception {
        long start = System.nanoTime();
        int status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(status).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void shouldAnswerHealthChecksWhileSomeClientsStall() throws Exception {
        try (StateQueryServer server = new StateQueryServer("localhost", 0)) {
            server.start(null, () -> "RUNNING", () -> "");
            List<Socket> stalled = stall(server, StateQueryServer.THREADS / 2);
            try {
                assertThat(healthMillis(server, "/health")).isLessThan(2_000);
                assertThat(healthMillis(server, "/health/live")).isLessThan(2_000);
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    @Test
    void shouldCloseStalledClientsAfterTheReadTimeoutSoThatMoreThanItsThreadsCannotBlockIt() throws Exception {
        try (StateQueryServer server = new StateQueryServer("localhost", 0)) {
            server.start(null, () -> "RUNNING", () -> "");
            List<Socket> stalled = stall(server, StateQueryServer.THREADS + 4);
            try {
                long bound = StateQueryServer.REQUEST_READ_TIMEOUT.toMillis() + 4_000;
                assertThat(healthMillis(server, "/health/live")).as("answered once the stalled are cut")
                        .isLessThan(bound);
                Socket first = stalled.get(0);
                first.setSoTimeout((int) bound);
                InputStream in = first.getInputStream();
                long start = System.nanoTime();
                int read;
                try {
                    read = in.read();
                } catch (SocketException reset) {
                    read = -1;
                }
                assertThat(read).as("the server closed the stalled connection").isEqualTo(-1);
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(bound);
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    @Test
    void shouldNameThePortAndTheSettingsWhenThePortIsTaken() throws Exception {
        try (StateQueryServer first = new StateQueryServer("localhost", 0)) {
            assertThatThrownBy(() -> new StateQueryServer("127.0.0.1", "localhost", first.port(), null))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port()).hasMessageContaining("http.port");
        }
    }
}
