package dev.affectstreams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedWarningFilterTest {

    private static final String UNREACHABLE = "[{}] Connection to node {} ({}) could not be established. Node may not be available.";

    private final LoggerContext context = new LoggerContext();
    private final Logger network = context.getLogger("org.apache.kafka.clients.NetworkClient");
    private final AtomicLong now = new AtomicLong();
    private final RepeatedWarningFilter filter = new RepeatedWarningFilter(now::get);

    private FilterReply warn(Logger logger, String format) {
        return filter.decide(null, logger, Level.WARN, format, new Object[] {"client", -1, "localhost:1"}, null);
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void shouldLetOneRepeatedWarningThroughPerInterval() {
        filter.setIntervalSeconds(60);
        assertThat(warn(network, UNREACHABLE)).isEqualTo(FilterReply.NEUTRAL);
        for (int second = 1; second < 60; second++) {
            advanceSeconds(1);
            assertThat(warn(network, UNREACHABLE)).as("second %d", second).isEqualTo(FilterReply.DENY);
        }
        advanceSeconds(1);
        assertThat(warn(network, UNREACHABLE)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void shouldShowADifferentWarningAndEveryErrorAtOnce() {
        warn(network, UNREACHABLE);
        assertThat(warn(network, "[{}] Error connecting to node {}")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, network, Level.ERROR, UNREACHABLE, null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn(context.getLogger("dev.affectstreams.inference.LiveApp"), UNREACHABLE))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn(context.getLogger("dev.affectstreams.inference.LiveApp"), UNREACHABLE))
                .as("loggers not named are never thinned").isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void shouldLetEverythingThroughWithAnIntervalOfZero() {
        filter.setIntervalSeconds(0);
        assertThat(warn(network, UNREACHABLE)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn(network, UNREACHABLE)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void shouldWatchTheNamedLoggersAndTheirChildren() {
        filter.setLoggers("org.example.Chatty, org.apache.kafka.clients.NetworkClient");
        Logger chatty = context.getLogger("org.example.Chatty.inner");
        assertThat(warn(chatty, "again")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn(chatty, "again")).isEqualTo(FilterReply.DENY);
        Logger sibling = context.getLogger("org.example.ChattyNot");
        warn(sibling, "again");
        assertThat(warn(sibling, "again")).isEqualTo(FilterReply.NEUTRAL);
    }
}
