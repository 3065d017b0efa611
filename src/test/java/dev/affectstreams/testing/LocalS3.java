package dev.affectstreams.testing;

import static org.awaitility.Awaitility.await;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, a real S3 API server, in this JVM on a free port, with one bucket. The application
 * finds its credentials through the AWS SDK's default chain, as in production: they are set as
 * the SDK's system properties while the server runs.
 */
public final class LocalS3 implements AutoCloseable {

    private static final String ACCESS_KEY = "affect-test";
    private static final String SECRET_KEY = "affect-test-secret";

    private final S3Proxy proxy;
    private final String endpoint;
    private final String bucket;
    private final S3Client client;

    private LocalS3(S3Proxy proxy, String bucket) {
        this.proxy = proxy;
        this.bucket = bucket;
        this.endpoint = "http://127.0.0.1:" + proxy.getPort();
        this.client = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(b -> b.bucket(bucket));
    }

    public static LocalS3 start(String bucket) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        await().until(() -> "STARTED".equals(proxy.getState()));
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        return new LocalS3(proxy, bucket);
    }

    /** The settings of an artifact store in this bucket under {@code prefix}, caching into {@code cache}. */
    public EffectiveConfig store(EffectiveConfig config, String prefix, Path cache) {
        return config.with(Settings.REGISTRY_DIR, cache)
                .with(Settings.REGISTRY_S3_URI, "s3://" + bucket + "/" + prefix)
                .with(Settings.REGISTRY_S3_ENDPOINT, endpoint)
                .with(Settings.REGISTRY_S3_PATH_STYLE, true);
    }

    /** A client with full access, to look into the bucket or change it behind the application's back. */
    public S3Client client() {
        return client;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
