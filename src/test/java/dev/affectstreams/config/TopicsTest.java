package dev.affectstreams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameTopicsFromConfiguration() {
        EffectiveConfig config = ConfigLoader.load(null, Map.of(), Map.of("topic.audio", "platform.audio"));

        Topics topics = Topics.from(config);

        assertThat(topics.audio().name()).isEqualTo("platform.audio");
        assertThat(topics.all()).extracting(Topic::name).containsExactly("platform.audio", "av.video", "av.text",
                "expressions", "expression-state", "ssl.samples", "labels.feedback", "models", "consent", "dlq",
                "retrain.reports");
    }

    @Test
    void shouldCompactOnlyModelsAndConsent() {
        Topics topics = Topics.from(EffectiveConfig.defaults());

        assertThat(topics.all()).filteredOn(Topic::compacted).extracting(Topic::name)
                .containsExactly("models", "consent");
    }
}
