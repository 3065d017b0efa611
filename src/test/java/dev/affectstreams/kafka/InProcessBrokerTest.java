package dev.affectstreams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.config.ConfigException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class InProcessBrokerTest {

    @Test
    void shouldFindTheBrokerInTheFullBuild() {
        assertThat(InProcessBroker.availableIn(getClass().getClassLoader())).isTrue();
    }

    @Test
    void shouldNameBootstrapServersWhereTheServerJarsAreLeftOut() throws Exception {
        try (URLClassLoader withoutServer = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(InProcessBroker.availableIn(withoutServer)).isFalse();
            assertThatThrownBy(() -> InProcessBroker.require(withoutServer))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("no in-process broker")
                    .hasMessageContaining("--bootstrap-servers");
        }
    }
}
