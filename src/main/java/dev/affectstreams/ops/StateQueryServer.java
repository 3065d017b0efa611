package dev.affectstreams.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.Topic;
import dev.affectstreams.events.ExpressionSmoother;
import dev.affectstreams.inference.StateQueries;
import dev.affectstreams.model.LabelSet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The state query API over HTTP (JSON):
 * <ul>
 *   <li>{@code GET /health}: the application's state, 200 when it is running or rebalancing and
 *       503 otherwise (a readiness check); {@code GET /health/live}: 503 only once it has failed or
 *       stopped (a liveness check);</li>
 *   <li>{@code GET /state/{callId}/{participantId}}: a participant's smoothed state, answered by
 *       the instance that holds it (others redirect there with 307);</li>
 *   <li>{@code GET /calls/{callId}}: the active participants of a call with their states,
 *       gathered from every instance;</li>
 *   <li>{@code GET /metrics}: Prometheus metrics of this instance;</li>
 *   <li>{@code GET /}: the live page of the calls, and under {@code /live/calls} its data (see
 *       {@link LivePage}).</li>
 * </ul>
 * It listens on the given address only (loopback unless configured otherwise), answers GET and
 * HEAD only (405 otherwise), and, with a token, answers 401 to any request for participants'
 * states that does not carry {@code Authorization: Bearer <token>}; the health checks, the
 * metrics (counts, never a participant) and the page's files stay open.
 * <p>Its length is the HTTP surface (routes, methods, the bearer token, redirects to the instance holding a key) which an operator reads as one.
 */
public final class StateQueryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Threads answering requests; a stalled client holds one until the read timeout closes it. */
    static final int THREADS = 8;
    /** Longest a client may take to send its request; then the server closes the connection. */
    static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REQUEST_HEADERS = 64;

    static {
        // the JDK server reads these once, when its first server is made: without them a client
        // that sends part of a request and stalls holds a thread for as long as it likes
        setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_READ_TIMEOUT.toSeconds());
        setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_TIMEOUT.toSeconds());
        setIfAbsent("sun.net.httpserver.idleInterval", IDLE_TIMEOUT.toSeconds());
        setIfAbsent("sun.net.httpserver.maxReqHeaders", MAX_REQUEST_HEADERS);
        setIfAbsent("sun.net.httpserver.timerMillis", 250);
    }

    private static void setIfAbsent(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(value));
        }
    }

    private final HttpServer server;
    private final HostInfo self;
    private volatile StateQueries queries;
    private volatile Supplier<String> health = () -> "STARTING";
    private volatile Supplier<String> metrics = () -> "";
    private volatile LiveFeed feed;
    /** Set by a handler that hands its exchange to a stream, which closes it. */
    private static final String KEEP_OPEN = "affect.keepOpen";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final byte[] token;

    /** A server on loopback without a token. */
    public StateQueryServer(String host, int port) throws IOException {
        this("127.0.0.1", host, port, null);
    }

    /**
     * Binds the port (0: any free one) so the application can advertise it; {@link #start} serves.
     *
     * @param bind  the address to listen on
     * @param host  the name other instances reach this one by
     * @param token the bearer token requests must carry, or null for none
     */
    public StateQueryServer(String bind, String host, int port, String token) throws IOException {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 0);
        } catch (BindException e) {
            BindException named = new BindException("the state API cannot listen on " + bind + ":" + port
                    + " (settings http.bind and http.port): " + e.getMessage()
                    + "; choose another http.port, or -1 to turn the API off");
            named.initCause(e);
            throw named;
        }
        this.self = new HostInfo(host, server.getAddress().getPort());
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        server.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "state-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", guarded(false, this::health));
        server.createContext("/state/", guarded(true, this::state));
        server.createContext("/calls/", guarded(true, this::call));
        server.createContext("/local/calls/", guarded(true, this::localCall));
        HttpHandler page = guarded(false, LivePage::asset);
        HttpHandler missing = guarded(true, ex -> reply(ex, 404, Map.of("error", "no such resource")));
        server.createContext("/", ex -> (LivePage.isAsset(ex.getRequestURI().getPath()) ? page : missing).handle(ex));
        server.createContext("/live/calls", guarded(true, ex -> {
            if (LivePage.data(ex, feed)) {
                ex.setAttribute(KEEP_OPEN, Boolean.TRUE);
            }
        }));
        server.createContext("/metrics", guarded(false, ex -> {
            byte[] bytes = metrics.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            send(ex, 200, bytes);
        }));
    }

    /** Refuses methods other than GET and HEAD, and requests without the token where one is required. */
    private HttpHandler guarded(boolean needsToken, HttpHandler handler) {
        return ex -> {
            try {
                String method = ex.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    ex.getResponseHeaders().add("Allow", "GET, HEAD");
                    reply(ex, 405, Map.of("error", method + " is not allowed; this API is read-only"));
                } else if (needsToken && !authorized(ex)) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                    reply(ex, 401, Map.of("error", "a bearer token is required"));
                } else {
                    handle(handler, ex);
                }
            } finally {
                if (ex.getAttribute(KEEP_OPEN) == null) {
                    ex.close();
                }
            }
        };
    }

    private static void handle(HttpHandler handler, HttpExchange ex) throws IOException {
        try {
            handler.handle(ex);
        } catch (InvalidStateStoreException e) {
            // a rebalance moved the key's task, or it is being restored: a moment's matter
            ex.getResponseHeaders().add("Retry-After", "1");
            reply(ex, 503, Map.of("error", "the state is moving between instances or being restored (a "
                    + "rebalance); retry shortly"));
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    public void start(StateQueries queries, Supplier<String> health, Supplier<String> metrics) {
        this.queries = queries;
        this.health = health;
        this.metrics = metrics;
        server.start();
    }

    /**
     * The same, with the live page fed from the expressions topic; the server closes the feed.
     *
     * @param clientProperties how to reach the cluster
     */
    public void start(StateQueries queries, Supplier<String> health, Supplier<String> metrics,
                      Map<String, Object> clientProperties, Topic<String, ExpressionEvent> expressions) {
        this.feed = new LiveFeed(clientProperties, expressions, queries::allowsInference).start();
        start(queries, health, metrics);
    }

    /** Kafka Streams states in which this instance processes its partitions. */
    private static final Set<String> READY = Set.of("RUNNING", "REBALANCING");
    /** States it does not come back from without a restart. */
    private static final Set<String> DEAD = Set.of("PENDING_ERROR", "ERROR", "PENDING_SHUTDOWN",
            "NOT_RUNNING");

    /** {@code /health}: 200 when ready (running or rebalancing), else 503; {@code /health/live}: 503 once dead. */
    private void health(HttpExchange ex) throws IOException {
        String state = health.get();
        boolean live = ex.getRequestURI().getPath().equals("/health/live");
        boolean ok = live ? !DEAD.contains(state) : READY.contains(state);
        reply(ex, ok ? 200 : 503, Map.of("state", state));
    }

    public int port() {
        return self.port();
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void state(HttpExchange ex) throws IOException {
        String key = ex.getRequestURI().getPath().substring("/state/".length());
        if (key.split("/").length != 2) {
            reply(ex, 400, Map.of("error", "expected /state/{callId}/{participantId}"));
            return;
        }
        Optional<HostInfo> owner = queries.owner(key);
        if (owner.isEmpty()) {
            reply(ex, 503, Map.of("error", "no instance holds " + key + " right now (rebalancing or unknown)"));
            return;
        }
        if (!owner.get().equals(self)) {
            ex.getResponseHeaders().add("Location", "http://" + owner.get().host() + ":" + owner.get().port()
                    + ex.getRequestURI().getPath());
            reply(ex, 307, Map.of("redirect", owner.get().host() + ":" + owner.get().port()));
            return;
        }
        Optional<ExpressionSmoother.State> state = queries.local(key);
        if (state.isEmpty()) {
            reply(ex, 404, Map.of("error", "no state for " + key));
        } else {
            reply(ex, 200, view(key, state.get()));
        }
    }

    private void call(HttpExchange ex) throws IOException {
        String callId = ex.getRequestURI().getPath().substring("/calls/".length());
        Map<String, Object> participants = new LinkedHashMap<>();
        for (HostInfo host : queries.instances()) {
            if (host.equals(self)) {
                queries.localCall(callId).forEach((p, s) -> participants.put(p, view(callId + "/" + p, s)));
            } else {
                participants.putAll(remote(host, callId));
            }
        }
        reply(ex, 200, Map.of("callId", callId, "participants", participants));
    }

    private void localCall(HttpExchange ex) throws IOException {
        String callId = ex.getRequestURI().getPath().substring("/local/calls/".length());
        Map<String, Object> participants = new LinkedHashMap<>();
        queries.localCall(callId).forEach((p, s) -> participants.put(p, view(callId + "/" + p, s)));
        reply(ex, 200, participants);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> remote(HostInfo host, String callId) throws IOException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":"
                    + host.port() + "/local/calls/" + callId)).timeout(Duration.ofSeconds(5)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + new String(token, StandardCharsets.UTF_8));
            }
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(host + " answered " + r.statusCode());
            }
            return JSON.readValue(r.body(), Map.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking " + host, e);
        }
    }

    private static Map<String, Object> view(String key, ExpressionSmoother.State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("participant", key);
        m.put("label", s.label() == null ? LabelSet.NEUTRAL : s.label());
        m.put("scores", s.scores());
        if (s.face() == null) {
            m.put("face", null);
        } else {
            Map<String, Object> face = new LinkedHashMap<>();
            face.put("topClass", s.faceTop());
            face.put("probabilities", s.face());
            face.put("frames", s.faceFrames());
            m.put("face", face);
        }
        return m;
    }

    /** The body as JSON (shared by the page's and the worker's endpoints). */
    static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        send(ex, status, bytes);
    }

    /** The status and body; a HEAD request gets the status and headers only. */
    static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }
}
