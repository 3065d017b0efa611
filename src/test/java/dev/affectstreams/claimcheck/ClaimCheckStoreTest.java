package dev.affectstreams.claimcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckStoreTest {

    @TempDir
    Path dir;

    private final byte[] payload = "one second of frames".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldGiveBackWhatItStoredUnderAHashedReference() throws Exception {
        ClaimCheckStore store = new ClaimCheckStore(dir.resolve("claims"));

        String uri = store.store("av.video", "call-1/p1", 12, payload);

        String sha = DigestUtils.sha256Hex(payload);
        assertThat(uri).startsWith(dir.resolve("claims").toUri().toString())
                .contains("call-1/p1/av.video-12-" + sha.substring(0, 16) + ".avro").endsWith("#sha256=" + sha);
        assertThat(store.load(uri)).containsExactly(payload);
        assertThat(new ClaimCheckStore(dir.resolve("claims")).load(uri)).as("another process, same directory")
                .containsExactly(payload);
    }

    @Test
    void shouldRefuseAPayloadChangedAfterItWasStored() throws Exception {
        ClaimCheckStore store = new ClaimCheckStore(dir);
        String uri = store.store("av.video", "c/p", 1, payload);
        Files.writeString(file(uri), "something else");

        assertThatThrownBy(() -> store.load(uri)).isInstanceOf(ClaimCheckStore.ClaimCheckException.class)
                .hasMessageContaining("holds bytes with SHA-256");
    }

    @Test
    void shouldNotReplaceAStoredChunkWhenTheSameSlotIsSentAgainWithOtherBytes() throws Exception {
        ClaimCheckStore store = new ClaimCheckStore(dir);
        String first = store.store("av.video", "c/p", 1, payload);
        String second = store.store("av.video", "c/p", 1, "another take".getBytes(StandardCharsets.UTF_8));

        assertThat(second).isNotEqualTo(first);
        assertThat(store.load(first)).containsExactly(payload);
    }

    private static Path file(String uri) {
        return Path.of(URI.create(uri.substring(0, uri.indexOf('#'))));
    }

    @Test
    void shouldRefuseReferencesOutsideItsDirectoryOrWithoutAHash() throws Exception {
        ClaimCheckStore store = new ClaimCheckStore(dir.resolve("claims"));
        Path outside = dir.resolve("secret.txt");
        Files.write(outside, payload);
        String hash = "#sha256=" + DigestUtils.sha256Hex(payload);

        assertThatThrownBy(() -> store.load(outside.toUri() + hash)).hasMessageContaining("outside the claim-check");
        assertThatThrownBy(() -> store.load(dir.resolve("claims/../secret.txt").toUri() + hash))
                .hasMessageContaining("outside the claim-check");
        assertThatThrownBy(() -> store.load("s3://bucket/x.avro" + hash)).hasMessageContaining("only file:");
        assertThatThrownBy(() -> store.load(dir.resolve("claims/x.avro").toUri().toString()))
                .hasMessageContaining("no #sha256=");
        assertThatThrownBy(() -> store.load(dir.resolve("claims/missing.avro").toUri() + hash))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void shouldRefuseASymbolicLinkInsideItsDirectory() throws Exception {
        ClaimCheckStore store = new ClaimCheckStore(dir.resolve("claims"));
        Path outside = dir.resolve("secret.txt");
        Files.write(outside, payload);
        Files.createDirectories(dir.resolve("claims/c"));
        Path link = Files.createSymbolicLink(dir.resolve("claims/c/link.avro"), outside);
        String hash = "#sha256=" + DigestUtils.sha256Hex(payload);

        assertThatThrownBy(() -> store.load(link.toUri() + hash)).hasMessageContaining("symbolic link");
    }

    @Test
    void shouldKeepHostileKeysInsideItsDirectory() throws Exception {
        ClaimCheckStore store = new ClaimCheckStore(dir.resolve("claims"));

        String uri = store.store("av.video", "../../etc/passwd", 3, payload);

        assertThat(file(uri).normalize())
                .startsWith(dir.resolve("claims"));
        assertThat(store.load(uri)).containsExactly(payload);
    }
}
