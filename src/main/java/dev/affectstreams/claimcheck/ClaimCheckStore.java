package dev.affectstreams.claimcheck;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Chunks stored by reference in a directory every producer and processor can read (a shared
 * volume or a network file system). A stored chunk is the whole record as it would have been
 * sent, written once (to a temporary name, then moved into place), named by its key, topic, slot
 * and hash; its reference is a {@code file:} URI with the SHA-256 of the bytes as fragment,
 * {@code file:///root/call/participant/av.video-12-0123456789abcdef.avro#sha256=0123...}. Loading refuses what lies
 * outside the directory, what is missing and what does not match its hash. Nothing is deleted
 * here: the processor may read a chunk again after a restart, so stored chunks are removed by
 * age (e.g. a daily job) once they are older than the input topics' retention.
 */
public final class ClaimCheckStore {

    private static final String FRAGMENT = "sha256=";

    private final Path root;

    public ClaimCheckStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The store {@code claim.check.dir} names, or null where it is empty (claim checks off). */
    public static ClaimCheckStore configured(EffectiveConfig config) {
        String dir = config.get(Settings.CLAIM_CHECK_DIR);
        return dir.isBlank() ? null : new ClaimCheckStore(Path.of(dir));
    }

    public Path root() {
        return root;
    }

    /** A reference that cannot be followed; the chunk goes to the dead-letter topic with this reason. */
    public static final class ClaimCheckException extends Exception {
        public ClaimCheckException(String message) {
            super(message);
        }
    }

    /** Stores a record's bytes and returns the reference to send in their place. */
    public String store(String topic, String key, long seq, byte[] record) throws IOException {
        String sha = DigestUtils.sha256Hex(record);
        Path dir = root.resolve(safe(key));
        Files.createDirectories(dir);
        // named by content too: a chunk sent again with other bytes never replaces one still referenced
        Path file = dir.resolve(safe(topic) + "-" + seq + "-" + sha.substring(0, 16) + ".avro");
        Path temp = Files.createTempFile(dir, ".claim", ".tmp");
        try {
            Files.write(temp, record);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return file.toUri() + "#" + FRAGMENT + sha;
    }

    /** Largest stored chunk read back: a minute of uncompressed 1080p RGB is far below it. */
    static final long MAX_PAYLOAD_BYTES = 512L * 1024 * 1024;

    /** The bytes a reference names, checked against its hash. */
    public byte[] load(String reference) throws ClaimCheckException {
        URI uri;
        try {
            uri = new URI(reference);
        } catch (URISyntaxException e) {
            throw new ClaimCheckException("payloadUri '" + reference + "' is not a URI: " + e.getMessage());
        }
        if (!"file".equals(uri.getScheme())) {
            throw new ClaimCheckException("payloadUri '" + reference + "': only file: references are supported");
        }
        String fragment = uri.getFragment();
        if (fragment == null || !fragment.startsWith(FRAGMENT)) {
            throw new ClaimCheckException("payloadUri '" + reference + "' carries no #sha256= of its payload");
        }
        Path file;
        try {
            file = Path.of(new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null)).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ClaimCheckException("payloadUri '" + reference + "' names no file: " + e.getMessage());
        }
        if (!file.startsWith(root)) {
            throw new ClaimCheckException("payloadUri '" + reference + "' lies outside the claim-check directory "
                    + root);
        }
        byte[] bytes;
        try {
            // no symbolic link may lead out of the directory, nor a payload claim more than a chunk can hold
            if (!file.toRealPath().startsWith(root.toRealPath()) || Files.isSymbolicLink(file)) {
                throw new ClaimCheckException("payloadUri '" + reference + "' is a symbolic link; stored chunks are "
                        + "plain files of the claim-check directory");
            }
            if (Files.size(file) > MAX_PAYLOAD_BYTES) {
                throw new ClaimCheckException("payloadUri '" + reference + "' holds " + Files.size(file)
                        + " bytes, more than a chunk may (" + MAX_PAYLOAD_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ClaimCheckException("payloadUri '" + reference + "' cannot be read: " + e);
        }
        String expected = fragment.substring(FRAGMENT.length());
        String actual = DigestUtils.sha256Hex(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ClaimCheckException("payloadUri '" + reference + "' holds bytes with SHA-256 " + actual
                    + ", not " + expected);
        }
        return bytes;
    }

    /** A key or topic as one safe path segment: call/participant keys become two directory levels. */
    private static String safe(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            String clean = part.replaceAll("[^A-Za-z0-9._-]", "_");
            out.append(clean.isEmpty() || clean.equals(".") || clean.equals("..") ? "_" + clean.length() : clean);
        }
        return out.toString();
    }
}
