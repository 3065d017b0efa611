package dev.affectstreams.app;

import dev.affectstreams.config.ConfigException;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.ops.LiveMetrics;
import dev.affectstreams.ops.StateQueryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The optional state query API of a live path: bound before the path so its port can be advertised. */
public final class QueryApi implements AutoCloseable {

    private static final int MIN_TOKEN_LENGTH = 16;

    private final StateQueryServer server;
    private final String host;
    private LiveMetrics metrics;

    private QueryApi(StateQueryServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Binds the configured port ({@code http.port}; negative: no API). */
    public static QueryApi bind(EffectiveConfig config) throws IOException {
        int port = config.get(Settings.HTTP_PORT);
        String host = config.get(Settings.HTTP_HOST);
        return new QueryApi(port < 0 ? null : new StateQueryServer(config.get(Settings.HTTP_BIND), host, port,
                token(config)), host);
    }

    /** The bearer token in {@code http.token.file}, or null where none is configured. */
    private static String token(EffectiveConfig config) throws IOException {
        String file = config.get(Settings.HTTP_TOKEN_FILE);
        if (file.isBlank()) {
            return null;
        }
        String token = Files.readString(Path.of(file)).strip();
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException("http.token.file: the token in " + file + " is shorter than "
                    + MIN_TOKEN_LENGTH + " characters");
        }
        return token;
    }

    /** The configuration with the bound port, which Kafka Streams advertises to the other instances. */
    public EffectiveConfig advertise(EffectiveConfig config) {
        return server == null ? config : config.with(Settings.HTTP_PORT, server.port());
    }

    /** Starts answering for the live path, with its metrics and its live page. */
    public void start(LivePath live) {
        if (server != null) {
            metrics = new LiveMetrics(live.metricsSources());
            server.start(live.queries(), () -> live.state().name(), metrics::scrape, live.clientProperties(),
                    live.topics().expressions());
        }
    }

    public String describe() {
        return server == null ? "state API off" : "state API at http://" + host + ":" + server.port()
                + "/calls/{callId} (metrics at /metrics); live page at http://" + host + ":" + server.port() + "/";
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
