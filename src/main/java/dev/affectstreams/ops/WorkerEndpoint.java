package dev.affectstreams.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of a background worker: {@code GET /health} (200 {@code {"state":"RUNNING"}}
 * while the worker runs, 503 otherwise) and {@code GET /metrics} (Prometheus). GET and HEAD only;
 * anything else 404 or 405. One thread: probes and a scraper, never users.
 */
public final class WorkerEndpoint implements AutoCloseable {

    private final HttpServer server;

    /**
     * @param running whether the worker is healthy now
     * @param metrics the Prometheus exposition
     */
    public WorkerEndpoint(String bind, int port, BooleanSupplier running, Supplier<String> metrics)
            throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 0);
        } catch (BindException e) {
            BindException named = new BindException("the worker's endpoint cannot listen on " + bind + ":" + port
                    + " (settings http.bind and retrain.http.port): " + e.getMessage()
                    + "; choose another retrain.http.port, or -1 to turn it off");
            named.initCause(e);
            throw named;
        }
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                String method = ex.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    ex.getResponseHeaders().add("Allow", "GET, HEAD");
                    send(ex, 405, "application/json", "{\"error\":\"" + method + " is not allowed\"}");
                } else if (path.equals("/health")) {
                    boolean up = running.getAsBoolean();
                    send(ex, up ? 200 : 503, "application/json",
                            "{\"state\":\"" + (up ? "RUNNING" : "NOT_RUNNING") + "\"}");
                } else if (path.equals("/metrics")) {
                    send(ex, 200, "text/plain; version=0.0.4", metrics.get());
                } else {
                    send(ex, 404, "application/json", "{\"error\":\"no such resource\"}");
                }
            }
        });
    }

    public WorkerEndpoint start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        StateQueryServer.send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
