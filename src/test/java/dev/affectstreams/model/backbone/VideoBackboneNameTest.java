package dev.affectstreams.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VideoBackboneNameTest {

    @Test
    void shouldReadBackWhatItWrites() {
        VideoBackboneName name = new VideoBackboneName("face-expression-net", "r3d-small");
        assertThat(name.name()).isEqualTo("face-expression-net+r3d-small");
        assertThat(VideoBackboneName.parse(name.name())).isEqualTo(name);
        assertThat(VideoBackboneName.isComposite(name.name())).isTrue();
    }

    @Test
    void shouldRefuseANameWithoutBothNetworks() {
        assertThat(VideoBackboneName.isComposite("resnet-small")).isFalse();
        assertThat(VideoBackboneName.isComposite("+r3d-small")).isFalse();
        assertThat(VideoBackboneName.isComposite("resnet-small+")).isFalse();
        assertThatThrownBy(() -> VideoBackboneName.parse("resnet-small")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resnet-small");
    }
}
