package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.inference.LiveApp;
import dev.affectstreams.ops.StateQueryServer;
import java.io.IOException;

/** The optional state query API of a live application: bound before the app so its port can be advertised. */
final class QueryApi implements AutoCloseable {

    private final StateQueryServer server;
    private final String host;
    private dev.affectstreams.ops.LiveMetrics metrics;

    private QueryApi(StateQueryServer server, String host) {
        this.server = server;
        this.host = host;
    }

    static QueryApi bind(EffectiveConfig config) throws IOException {
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
        String token = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
        if (token.length() < 16) {
            throw new dev.affectstreams.config.ConfigException("http.token.file: the token in " + file
                    + " is shorter than 16 characters");
        }
        return token;
    }

    /** The configuration with the bound port, which Kafka Streams advertises to the other instances. */
    EffectiveConfig advertise(EffectiveConfig config) {
        return server == null ? config : config.with(Settings.HTTP_PORT, server.port());
    }

    void start(LiveApp app) {
        if (server != null) {
            metrics = new dev.affectstreams.ops.LiveMetrics(app.streams(), app.counters());
            server.start(app.queries(), () -> app.state().name(), metrics::scrape);
        }
    }

    String describe() {
        return server == null ? "state API off" : "state API at http://" + host + ":" + server.port()
                + "/calls/{callId} (metrics at /metrics)";
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
