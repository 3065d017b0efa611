package dev.affectstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackboneCompatibilityTest {

    private static final BackboneRef VIDEO = new BackboneRef("resnet-small+r3d-small", "1", "aaaa1111");
    private static final BackboneRef AUDIO = new BackboneRef("resdavenet-small", "1", "bbbb2222");
    private static final BackboneRef TEXT = new BackboneRef("hashed-ngrams", "1", "cccc3333");

    @Test
    void shouldMatchOnNameAndWeightsNotOnTheVersionLabel() {
        BackboneRef relabelled = new BackboneRef(VIDEO.name(), "2", VIDEO.weightsSha256());
        assertThat(BackboneCompatibility.sameNetwork(VIDEO, relabelled)).isTrue();
        assertThat(BackboneCompatibility.sameNetwork(VIDEO, new BackboneRef(VIDEO.name(), "1", "other"))).isFalse();
        assertThat(BackboneCompatibility.sameNetwork(VIDEO, new BackboneRef("resnet152+r3d101", "1",
                VIDEO.weightsSha256()))).isFalse();
        assertThat(BackboneCompatibility.sameNetwork(VIDEO, null)).isFalse();
    }

    @Test
    void shouldJudgeOnlyTheModalitiesTheReleaseUses() {
        Map<String, BackboneRef> trained = Map.of("video", VIDEO, "audio", AUDIO);
        Map<String, BackboneRef> running = Map.of("video", VIDEO, "audio", AUDIO, "text", TEXT);
        assertThat(BackboneCompatibility.mismatch(trained, List.of("video", "audio"), running)).isEmpty();
        assertThat(BackboneCompatibility.mismatch(Map.of("video", VIDEO, "audio", AUDIO, "text", TEXT),
                List.of("video", "audio", "text"), Map.of("video", VIDEO, "audio", AUDIO)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("text", "none"));
    }

    @Test
    void shouldRefuseFeaturesOfOtherBackbonesNamingBoth() {
        Map<String, BackboneRef> trained = Map.of("video", VIDEO, "audio", AUDIO);
        Map<String, BackboneRef> other = Map.of("video", VIDEO, "audio", new BackboneRef("resdavenet", "1", "dddd"));
        assertThatThrownBy(() -> BackboneCompatibility.require(trained, other, "probe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probe").hasMessageContaining("resdavenet-small").hasMessageContaining("resdavenet");
    }
}
