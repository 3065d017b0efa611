package dev.affectstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseFile;
import dev.affectstreams.avro.ReleaseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An announced release is served only from inside the store and only when its files match both
 * its manifest and the hashes the announcement carries; announcements that cannot be used are
 * refused with a reason before anything is opened.
 */
class ReleaseTrustTest {

    @TempDir
    Path dir;

    private Release write(Path at, String version, byte[] heads) throws Exception {
        ReleaseWriter writer = new ReleaseWriter(at);
        Files.write(writer.staging().resolve(Release.HEADS), heads);
        Files.write(writer.staging().resolve(Release.CLASSIFIER), new byte[] {9, 9});
        return writer.commit(new ReleaseManifest(ReleaseManifest.FORMAT, "line", version, null, "2026-01-01T00:00:00Z",
                null, null, Map.of(), Map.of(), Map.of(), List.of()));
    }

    @Test
    void shouldOpenAReleaseOfTheStoreThatMatchesItsAnnouncement() throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("registry"));
        Release release = write(dir.resolve("registry/line/1"), "1", new byte[] {1, 2, 3});

        ModelRelease announced = ReleaseAnnouncements.of(release, store.uri("line", "1"), ReleaseStatus.PROMOTED, "ok");

        assertThat(store.open(announced).manifest().version()).isEqualTo("1");
    }

    @Test
    void shouldRefuseAReleaseOutsideTheStoreEvenWhenItIsConsistentInItself() throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("registry"));
        Files.createDirectories(dir.resolve("registry/line"));
        Path evil = dir.resolve("registry").resolve("..").resolve("evil").resolve("4");
        Release planted = write(evil, "4", new byte[] {6, 6, 6});

        ModelRelease announced = ReleaseAnnouncements.of(planted, evil.toUri(), ReleaseStatus.PROMOTED, "planted");

        assertThatThrownBy(() -> store.open(announced)).isInstanceOf(ReleaseIntegrityException.class)
                .hasMessageContaining("outside the store");
    }

    @Test
    void shouldRefuseAReleaseWhoseManifestWasRewrittenToMatchChangedWeights() throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("registry"));
        Release release = write(dir.resolve("registry/line/2"), "2", new byte[] {1, 2, 3});
        ModelRelease announced = ReleaseAnnouncements.of(release, store.uri("line", "2"), ReleaseStatus.PROMOTED, "ok");
        Path heads = release.file(Release.HEADS);
        Files.write(heads, new byte[] {7}, StandardOpenOption.APPEND);
        String manifest = Files.readString(release.file(Release.MANIFEST));
        String old = announced.getFiles().stream().filter(f -> f.getPath().equals(Release.HEADS)).findFirst()
                .orElseThrow().getSha256();
        Files.writeString(release.file(Release.MANIFEST), manifest.replace(old, DigestUtils.sha256Hex(
                Files.readAllBytes(heads))).replace("\"sizeBytes\" : 3", "\"sizeBytes\" : 4"), StandardCharsets.UTF_8);
        assertThat(Release.open(release.dir())).as("consistent in itself").isNotNull();

        assertThatThrownBy(() -> store.open(announced)).isInstanceOf(ReleaseIntegrityException.class)
                .hasMessageContaining("does not match its announcement");
    }

    @Test
    void shouldRefuseAStoreDirectoryThatIsASymbolicLinkElsewhere() throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("registry"));
        Release elsewhere = write(dir.resolve("elsewhere/3"), "3", new byte[] {4});
        Files.createDirectories(dir.resolve("registry/line"));
        Files.createSymbolicLink(dir.resolve("registry/line/3"), elsewhere.dir());

        ModelRelease announced = ReleaseAnnouncements.of(elsewhere, store.uri("line", "3"), ReleaseStatus.PROMOTED,
                "linked");

        assertThatThrownBy(() -> store.open(announced)).isInstanceOf(ReleaseIntegrityException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void shouldRefuseAnnouncementsThatCannotBeUsedWithAReason() throws Exception {
        Release release = write(dir.resolve("registry/line/1"), "1", new byte[] {1});
        ModelRelease good = ReleaseAnnouncements.of(release, release.dir().toUri(), ReleaseStatus.PROMOTED, "ok");

        assertThat(AnnouncementCheck.refusal("line/1", good)).isEmpty();
        assertThat(AnnouncementCheck.refusal("line/2", good)).get().asString().contains("does not match");
        assertThat(AnnouncementCheck.refusal("line/1", ModelRelease.newBuilder(good)
                .setArtifactUri("file:///var/lib/a b/1/").build())).get().asString().contains("not a URI");
        assertThat(AnnouncementCheck.refusal("line/1", ModelRelease.newBuilder(good)
                .setArtifactUri("http://example.invalid/1/").build())).get().asString().contains("neither file: nor s3:");
        assertThat(AnnouncementCheck.refusal("line/1", ModelRelease.newBuilder(good).setFiles(List.of(
                new ReleaseFile("../heads.params", "0".repeat(64), 1L))).build())).get().asString()
                .contains("not a plain relative path");
        assertThat(AnnouncementCheck.refusal("line/1", ModelRelease.newBuilder(good).setFiles(List.of(
                new ReleaseFile("heads.params", "xyz", 1L))).build())).get().asString().contains("SHA-256");
        assertThat(AnnouncementCheck.read("line/1", new byte[] {1, 2, 3}).refusal()).contains("not Avro");
        assertThat(AnnouncementCheck.read(null, new byte[] {1}).refusal()).contains("without a key");
        assertThat(AnnouncementCheck.read("line/1", null).refused()).as("a tombstone is no error").isFalse();
    }
}
