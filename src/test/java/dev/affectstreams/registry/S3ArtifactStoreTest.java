package dev.affectstreams.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.testing.LocalS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The artifact store in a bucket, against S3Proxy: a real S3 API server, in this JVM. */
class S3ArtifactStoreTest {

    private static final String BUCKET = "releases";

    private static LocalS3 s3;
    private static S3Client admin;
    private static Release release;

    @TempDir
    static Path shared;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LocalS3.start(BUCKET);
        admin = s3.client();
        release = ReleaseFixtures.release(Files.createDirectories(shared.resolve("fixture")), "line-a");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static ArtifactStore store(Path cache, String prefix) {
        return ArtifactStore.configured(s3.store(EffectiveConfig.defaults(), prefix, cache));
    }

    @Test
    void importedReleaseIsOpenedElsewhereFromTheBucketAndVerified(@TempDir Path dir) throws IOException {
        try (ArtifactStore here = store(dir.resolve("cache-a"), "import");
             ArtifactStore there = store(dir.resolve("cache-b"), "import")) {
            Release stored = here.importRelease(release);
            URI uri = here.uri("line-a", "1");

            assertThat(uri).hasToString("s3://releases/import/line-a/1/");
            assertThat(admin.listObjectsV2(b -> b.bucket(BUCKET).prefix("import/line-a/1/")).contents())
                    .extracting(o -> o.key().substring("import/line-a/1/".length()))
                    .containsExactlyInAnyOrder(Release.MANIFEST, Release.HEADS, Release.CLASSIFIER,
                            Thresholds.FILE);
            assertThat(stored.dir()).isEqualTo(dir.resolve("cache-a/line-a/1").toAbsolutePath());

            Release opened = there.open(uri);
            assertThat(opened.dir()).isEqualTo(dir.resolve("cache-b/line-a/1").toAbsolutePath());
            assertThat(Files.readAllBytes(opened.file(Release.MANIFEST)))
                    .isEqualTo(Files.readAllBytes(release.file(Release.MANIFEST)));
            assertThat(Files.readAllBytes(opened.file(Release.HEADS)))
                    .isEqualTo(Files.readAllBytes(release.file(Release.HEADS)));
            assertThat(there.importRelease(release).manifest()).isEqualTo(release.manifest());
        }
    }

    @Test
    void releasesAreImmutableInTheBucket(@TempDir Path dir) throws IOException {
        try (ArtifactStore here = store(dir.resolve("cache-a"), "immutable");
             ArtifactStore there = store(dir.resolve("cache-b"), "immutable")) {
            here.importRelease(release);
            ReleaseWriter writer = here.writer("line-a", here.nextVersion("line-a"));
            Files.write(writer.staging().resolve(Release.HEADS), new byte[] {1, 2, 3});
            Release two = writer.commit(draft("2"));

            assertThat(two.manifest().version()).isEqualTo("2");
            assertThat(there.nextVersion("line-a")).isEqualTo("3");
            assertThatThrownBy(() -> there.writer("line-a", "2")).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("immutable");
            Path other = dir.resolve("other");
            ReleaseWriter otherWriter = new ReleaseWriter(other.resolve("2"));
            Files.write(otherWriter.staging().resolve(Release.HEADS), new byte[] {9});
            Release differentTwo = otherWriter.commit(draft("2"));
            assertThatThrownBy(() -> there.importRelease(differentTwo)).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("different release line-a 2");
            assertThat(there.open(there.uri("line-a", "2")).file(Release.HEADS)).hasBinaryContent(new byte[] {1, 2, 3});
        }
    }

    @Test
    void changedObjectIsRefusedAndNotCached(@TempDir Path dir) throws IOException {
        try (ArtifactStore here = store(dir.resolve("cache-a"), "tampered");
             ArtifactStore there = store(dir.resolve("cache-b"), "tampered")) {
            here.importRelease(release);
            admin.putObject(b -> b.bucket(BUCKET).key("tampered/line-a/1/" + Release.HEADS),
                    RequestBody.fromBytes(new byte[] {0, 0, 7}));

            assertThatThrownBy(() -> there.open(there.uri("line-a", "1")))
                    .isInstanceOf(ReleaseIntegrityException.class)
                    .hasMessageContaining("s3://releases/tampered/line-a/1/")
                    .hasMessageContaining(Release.HEADS);
            assertThat(dir.resolve("cache-b/line-a/1")).doesNotExist();
            try (var left = Files.list(dir.resolve("cache-b/line-a"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void bucketUrisNeedTheirStore(@TempDir Path dir) throws IOException {
        try (ArtifactStore filesystem = new ArtifactStore(dir.resolve("fs"));
             ArtifactStore bucket = store(dir.resolve("cache"), "scoped")) {
            assertThatThrownBy(() -> filesystem.open(URI.create("s3://releases/scoped/line-a/1/")))
                    .hasMessageContaining("registry.s3.uri is not set");
            assertThatThrownBy(() -> bucket.open(URI.create("s3://elsewhere/scoped/line-a/1/")))
                    .hasMessageContaining("outside the configured store");
            assertThatThrownBy(() -> bucket.open(URI.create("s3://releases/scoped/line-a/9/")))
                    .hasMessageContaining("manifest.json is missing");
        }
    }

    @Test
    void settingRefusesWhatIsNotABucketUri() {
        assertThatThrownBy(() -> EffectiveConfig.defaults().with(Settings.REGISTRY_S3_URI, "https://releases/x"))
                .hasMessageContaining("registry.s3.uri");
    }

    private static ReleaseManifest draft(String version) {
        ReleaseManifest m = release.manifest();
        return new ReleaseManifest(ReleaseManifest.FORMAT, m.modelName(), version, m.version(), Instant.now().toString(),
                m.config(), m.labelSet(), m.backbones(), Map.of(), Map.of(), List.of());
    }
}
