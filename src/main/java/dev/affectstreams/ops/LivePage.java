package dev.affectstreams.ops;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live page of the calls: its files ({@code GET /}, its script and style, and uPlot from its
 * WebJar, so nothing is fetched from elsewhere) and its data: {@code GET /live/calls} (the active
 * calls), {@code GET /live/calls/{callId}} (each participant's last minutes of events) and
 * {@code GET /live/calls/{callId}/stream} (the call's new events as server-sent events).
 */
final class LivePage {

    /** The uPlot WebJar's version, as in the build. */
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    private record Asset(String resource, String type) {
    }

    /** Every file the page is made of, by path; nothing else on the class path is served. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("web/index.html", "text/html; charset=utf-8"),
            "/live.js", new Asset("web/live.js", "text/javascript; charset=utf-8"),
            "/live.css", new Asset("web/live.css", "text/css; charset=utf-8"),
            "/assets/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/assets/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    private LivePage() {
    }

    /** Whether a path is one of the page's files. */
    static boolean isAsset(String path) {
        return ASSETS.containsKey(path);
    }

    static void asset(HttpExchange ex) throws IOException {
        Asset asset = ASSETS.get(ex.getRequestURI().getPath());
        byte[] bytes;
        try (InputStream in = LivePage.class.getClassLoader().getResourceAsStream(asset.resource())) {
            if (in == null) {
                throw new IOException("the page's file " + asset.resource() + " is missing from the class path");
            }
            bytes = in.readAllBytes();
        }
        ex.getResponseHeaders().add("Content-Type", asset.type());
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        StateQueryServer.send(ex, 200, bytes);
    }

    /**
     * {@code /live/calls[/{callId}[/stream]]}; returns whether the exchange was kept open for a stream.
     *
     * @param feed the feed, or null where the page has none (503)
     */
    static boolean data(HttpExchange ex, LiveFeed feed) throws IOException {
        if (feed == null) {
            StateQueryServer.reply(ex, 503, Map.of("error", "the live feed is not running"));
            return false;
        }
        String rest = ex.getRequestURI().getPath().substring("/live/calls".length());
        if (rest.isEmpty() || rest.equals("/")) {
            List<Map<String, Object>> calls = feed.calls().stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("callId", c.callId());
                m.put("participants", c.participants());
                m.put("lastEventMs", c.lastEventMs());
                return m;
            }).toList();
            StateQueryServer.reply(ex, 200, Map.of("calls", calls));
            return false;
        }
        String[] parts = rest.substring(1).split("/");
        if (parts.length == 1) {
            StateQueryServer.reply(ex, 200, Map.of("callId", parts[0], "participants", feed.call(parts[0])));
            return false;
        }
        if (parts.length == 2 && parts[1].equals("stream")) {
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, -1);
                return false;
            }
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            feed.follow(parts[0], ex);
            return true;
        }
        StateQueryServer.reply(ex, 404, Map.of("error", "expected /live/calls, /live/calls/{callId} or /live/calls/{callId}/stream"));
        return false;
    }
}
