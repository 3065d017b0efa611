package dev.affectstreams.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Marker;

/**
 * Lets one warning of a kind through per interval from loggers that repeat themselves: Kafka's
 * network client warns on every reconnect attempt (about one a second per client while a
 * broker is away), which buries every other line. A kind is the logger and the message's
 * format, so a different warning from the same logger still shows at once. Errors always pass.
 * Configured in {@code logback.xml}; an interval of 0 lets everything through.
 */
public final class RepeatedWarningFilter extends TurboFilter {

    private final Map<String, Long> lastPassed = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private List<String> loggers = List.of("org.apache.kafka.clients.NetworkClient");
    private long intervalNanos = TimeUnit.SECONDS.toNanos(60);

    public RepeatedWarningFilter() {
        this(System::nanoTime);
    }

    RepeatedWarningFilter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Comma-separated logger names (and their children) whose warnings are thinned out. */
    public void setLoggers(String names) {
        this.loggers = List.of(names.split("\\s*,\\s*"));
    }

    public void setIntervalSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("intervalSeconds must be >= 0, got " + seconds);
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (intervalNanos == 0 || level == null || level.toInt() != Level.WARN_INT || format == null
                || !watched(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        long now = nanoTime.getAsLong();
        String kind = logger.getName() + '\u0000' + format;
        boolean[] pass = {false};
        lastPassed.compute(kind, (k, last) -> {
            if (last == null || now - last >= intervalNanos) {
                pass[0] = true;
                return now;
            }
            return last;
        });
        return pass[0] ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    private boolean watched(String name) {
        for (String prefix : loggers) {
            if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
