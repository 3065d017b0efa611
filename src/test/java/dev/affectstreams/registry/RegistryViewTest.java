package dev.affectstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold of announcements: the live release is the promoted one announced last. */
class RegistryViewTest {

    private static ModelRelease release(String line, String version, ReleaseStatus status) {
        return ModelRelease.newBuilder().setModelName(line).setVersion(version).setParentVersion(null)
                .setStatus(status).setStatusReason(null).setArtifactUri("file:///store/" + line + "/" + version)
                .setFiles(List.of()).setBackbones(List.of()).setLabelSet(null).setMetrics(Map.of())
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(Long.parseLong(version))).build();
    }

    @Test
    void shouldServeTheLastPromotedReleaseAndFallBackWhenItIsRolledBack() {
        RegistryView view = new RegistryView();
        view.apply(release("a", "1", ReleaseStatus.PROMOTED), 100);
        view.apply(release("a", "2", ReleaseStatus.CANDIDATE), 200);
        view.apply(release("a", "2", ReleaseStatus.PROMOTED), 210);
        view.apply(release("a", "3", ReleaseStatus.CANDIDATE), 300);
        view.apply(release("a", "3", ReleaseStatus.REJECTED), 310);
        view.apply(release("b", "9", ReleaseStatus.PROMOTED), 400);

        assertThat(view.live("a").orElseThrow().version()).isEqualTo("2");
        assertThat(view.servable("a", "1")).isTrue();
        assertThat(view.servable("a", "3")).isFalse();
        assertThat(view.releases("a")).extracting(RegistryView.Entry::version).containsExactly("1", "2", "3");
        assertThat(view.modelNames()).containsExactly("a", "b");

        assertThat(view.promotedBefore("a", "2", 5)).extracting(RegistryView.Entry::version).containsExactly("1");

        view.apply(release("a", "2", ReleaseStatus.ROLLED_BACK), 500);
        assertThat(view.live("a").orElseThrow().version()).isEqualTo("1");
        assertThat(view.servable("a", "2")).isFalse();

        view.apply(release("a", "3", ReleaseStatus.PROMOTED), 600);
        assertThat(view.live("a").orElseThrow().version()).as("a manual promotion of a rejected release")
                .isEqualTo("3");
        view.apply(release("a", "1", ReleaseStatus.PROMOTED), 700);
        assertThat(view.live("a").orElseThrow().version()).as("promoting an older release again makes it live")
                .isEqualTo("1");
        assertThat(view.live("c")).isEmpty();
    }
}
