package dev.affectstreams.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Releases in an S3-compatible bucket: {@code s3://<bucket>/<prefix>/<modelName>/<version>/<file>},
 * the same layout as a filesystem store. A release is uploaded file by file with its manifest
 * last, so a release whose manifest is there is complete; a version whose manifest exists is
 * never written again. Downloads are verified by the caller ({@link Release#open}) before use.
 *
 * <p>Credentials come from the AWS SDK's default chain (environment, system properties,
 * profile, container or web identity); the endpoint may point to any S3-compatible service.
 */
public final class S3Releases implements AutoCloseable {

    /** Model line and version of a release URI. */
    public record Coordinates(String modelName, String version) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3Releases(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /**
     * @param location  {@code s3://bucket} or {@code s3://bucket/prefix}
     * @param endpoint  an S3-compatible endpoint, or blank for AWS
     * @param pathStyle bucket in the path rather than the host name (most S3-compatible services)
     */
    public static S3Releases connect(URI location, String endpoint, String region, boolean pathStyle) {
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException("'" + location + "' is not an s3://bucket[/prefix] location");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                // checksums only where the API requires them: not every S3-compatible service takes the newer ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        String path = location.getPath() == null ? "" : location.getPath().replaceFirst("^/+", "");
        return new S3Releases(builder.build(), location.getHost(), path);
    }

    public URI uri(String modelName, String version) {
        return URI.create("s3://" + bucket + "/" + prefix + modelName + "/" + version + "/");
    }

    /** The line and version of a URI made by {@link #uri}; fails for URIs outside this store. */
    public Coordinates coordinates(URI uri) throws IOException {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        if (!"s3".equals(uri.getScheme()) || !bucket.equals(uri.getHost()) || !path.startsWith(prefix)) {
            throw new IOException("release URI " + uri + " is outside the configured store s3://" + bucket + "/" + prefix);
        }
        String[] parts = path.substring(prefix.length()).replaceFirst("/$", "").split("/");
        if (parts.length != 2) {
            throw new IOException("release URI " + uri + " does not name <model>/<version>/ in the store");
        }
        return new Coordinates(parts[0], parts[1]);
    }

    /** Whether the release is complete in the bucket (its manifest is there). */
    public boolean exists(String modelName, String version) throws IOException {
        return manifest(modelName, version) != null;
    }

    /** The manifest's bytes, or null when the release is not in the bucket. */
    public byte[] manifest(String modelName, String version) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(modelName, version, Release.MANIFEST)))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw failure("read the manifest of " + uri(modelName, version), e);
        }
    }

    /** Versions of the line that have a directory in the bucket. */
    public List<String> versions(String modelName) throws IOException {
        List<String> versions = new ArrayList<>();
        String linePrefix = prefix + modelName + "/";
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(linePrefix)
                    .delimiter("/").build();
            for (var page : s3.listObjectsV2Paginator(request)) {
                for (CommonPrefix p : page.commonPrefixes()) {
                    versions.add(p.prefix().substring(linePrefix.length()).replaceFirst("/$", ""));
                }
            }
        } catch (SdkException e) {
            throw failure("list the versions of " + modelName, e);
        }
        return versions;
    }

    /** Uploads a release directory: every file, then the manifest. */
    public void upload(String modelName, String version, Path dir) throws IOException {
        if (exists(modelName, version)) {
            throw new FileAlreadyExistsException(uri(modelName, version).toString(), null,
                    "releases are immutable; the store already holds this version");
        }
        try {
            for (String name : Release.filesOf(dir)) {
                if (!name.equals(Release.MANIFEST)) {
                    s3.putObject(b -> b.bucket(bucket).key(key(modelName, version, name)), dir.resolve(name));
                }
            }
            s3.putObject(b -> b.bucket(bucket).key(key(modelName, version, Release.MANIFEST)),
                    RequestBody.fromFile(dir.resolve(Release.MANIFEST)));
        } catch (SdkException e) {
            throw failure("upload " + uri(modelName, version), e);
        }
    }

    /**
     * Downloads the manifest and the files it lists into an empty directory. Nothing is
     * verified here beyond the paths staying inside {@code into}.
     */
    public void download(String modelName, String version, Path into) throws IOException {
        byte[] manifestBytes = manifest(modelName, version);
        if (manifestBytes == null) {
            throw new IOException("no release at " + uri(modelName, version) + ": " + Release.MANIFEST + " is missing");
        }
        Files.write(into.resolve(Release.MANIFEST), manifestBytes);
        ReleaseManifest manifest = Release.JSON.readValue(manifestBytes, ReleaseManifest.class);
        Path root = into.toAbsolutePath().normalize();
        for (ReleaseManifest.FileEntry entry : manifest.files()) {
            Path file = root.resolve(entry.path()).normalize();
            if (!file.startsWith(root) || file.equals(root.resolve(Release.MANIFEST))) {
                throw new ReleaseIntegrityException("release " + uri(modelName, version) + " lists a file outside it: "
                        + entry.path());
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = object(key(modelName, version, entry.path()))) {
                Files.copy(in, file);
            } catch (NoSuchKeyException e) {
                throw new ReleaseIntegrityException("release " + uri(modelName, version) + " is missing " + entry.path());
            } catch (SdkException e) {
                throw failure("download " + entry.path() + " of " + uri(modelName, version), e);
            }
        }
    }

    private InputStream object(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key));
    }

    private String key(String modelName, String version, String file) {
        return prefix + modelName + "/" + version + "/" + file;
    }

    private static IOException failure(String what, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage() : e.getMessage();
        return new IOException("could not " + what + " (" + detail + ")", e);
    }

    @Override
    public void close() {
        s3.close();
    }
}
