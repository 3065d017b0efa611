package dev.affectstreams.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseFixtures;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes making the bootstrap release at once agree on the one published first. */
class BootstrapAdoptionTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseTheReleaseAnotherProcessPublishedFirst() throws Exception {
        List<String> log = new ArrayList<>();
        Path[] published = new Path[1];

        Release adopted = BootstrapReleaseJob.adoptIfMadeMeanwhile(dir.resolve("release"), () -> {
            published[0] = ReleaseFixtures.release(dir, "bootstrap-line").dir(); // the other process wins
            throw new FileAlreadyExistsException(published[0].toString());    // and this one's commit fails
        }, log::add);

        assertThat(adopted.dir()).isEqualTo(published[0]);
        assertThat(adopted.manifest().modelName()).isEqualTo("bootstrap-line");
        assertThat(log).singleElement().asString().contains("another process made release meanwhile");
    }

    @Test
    void shouldNotHideAClashWithSomethingThatIsNotARelease() {
        assertThatThrownBy(() -> BootstrapReleaseJob.adoptIfMadeMeanwhile(dir.resolve("release"), () -> {
            throw new FileAlreadyExistsException(dir.resolve("release").toString());
        }, line -> { })).isInstanceOf(FileAlreadyExistsException.class);
    }
}
