package dev.affectstreams.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting the application knows, declared once. Keys starting with {@code kafka.} pass
 * through to Kafka clients.
 *
 * <p>It is a list of declarations, one per setting, with their documentation.
 */
public final class Settings {

    /** Prefix of keys handed to Kafka clients unchanged, minus the prefix: {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.of("bootstrap.servers", SettingType.STRING, "",
            "Kafka brokers to use (host:port,...); empty starts an in-process single-node KRaft broker.");

    public static final Setting<String> APPLICATION_ID = Setting.of("application.id", SettingType.STRING,
            "affect-streams", "Kafka Streams application id; instances with the same id share the work.");

    public static final Setting<Path> EMBEDDED_DATA_DIR = Setting.of("embedded.data.dir", SettingType.PATH,
                    Path.of(System.getProperty("user.home"), ".affect-streams", "kafka"),
                    "Data directory of the in-process broker; its topics survive restarts.")
            .documentedDefault("~/.affect-streams/kafka");

    public static final Setting<Integer> EMBEDDED_PORT = Setting.intIn("embedded.port", 9092, 0, 65535,
            "Client port of the in-process broker on localhost; 0 picks a free port.");

    public static final Setting<String> EMBEDDED_SECURITY = new Setting<>("embedded.security", SettingType.STRING,
            "none", "none", "none or sasl_ssl", v -> v.matches("none|sasl_ssl"),
            "Client listener of the in-process and `broker` broker: none (PLAINTEXT) or sasl_ssl (TLS with "
                    + "SCRAM-SHA-256 logins; needs embedded.ssl.keystore, embedded.ssl.keystore.password.file and "
                    + "embedded.scram.users.file). Clients then need kafka.security.protocol and their credentials.");

    public static final Setting<String> EMBEDDED_KEYSTORE = Setting.of("embedded.ssl.keystore", SettingType.STRING, "",
            "PKCS12 keystore with the broker's private key and certificate and, as a trusted certificate, the CA that "
                    + "signed it (the broker logs in to its own listener), for embedded.security=sasl_ssl.");

    public static final Setting<String> EMBEDDED_KEYSTORE_PASSWORD_FILE = Setting.of(
            "embedded.ssl.keystore.password.file", SettingType.STRING, "",
            "File holding the password of embedded.ssl.keystore (and of its key).");

    public static final Setting<String> EMBEDDED_SCRAM_USERS_FILE = Setting.of("embedded.scram.users.file",
            SettingType.STRING, "", "Properties file of SCRAM users (name=password), created when the broker's data "
                    + "directory is first formatted; it must include the user 'broker', which the broker itself logs "
                    + "in as.");

    public static final Setting<String> STREAMS_GROUP_PROTOCOL = new Setting<>("streams.group.protocol",
            SettingType.STRING, "classic", "classic", "classic or streams", v -> v.matches("classic|streams"),
            "Rebalance protocol of the live path's Kafka Streams group: classic, or streams (KIP-1071; the brokers "
                    + "must offer it). Only the Kafka Streams client gets it: a kafka.group.protocol pass-through "
                    + "would reach every consumer, which know only classic and consumer.");

    public static final Setting<Path> STATE_DIR = Setting.of("streams.state.dir", SettingType.PATH,
                    Path.of(System.getProperty("user.home"), ".affect-streams", "state"),
                    "Where Kafka Streams keeps local state (restored from changelogs when lost).")
            .documentedDefault("~/.affect-streams/state");

    public static final Setting<String> MODEL_RELEASE = Setting.of("model.release", SettingType.STRING, "",
            "Initial release of the served model line (directory); empty: the bootstrap release in model.dir, made if "
                    + "missing. Once the models topic holds a promoted release of the line, the live one is served.");

    public static final Setting<Path> MODEL_DIR = Setting.of("model.dir", SettingType.PATH,
                    Path.of(System.getProperty("user.home"), ".affect-streams", "models"),
                    "Where bootstrap releases are kept.")
            .documentedDefault("~/.affect-streams/models");

    public static final Setting<Path> REGISTRY_DIR = Setting.of("registry.dir", SettingType.PATH,
                    Path.of(System.getProperty("user.home"), ".affect-streams", "registry"),
                    "Artifact store of the model registry: one immutable directory per model line and version "
                    + "(with registry.s3.uri: the local cache of verified releases from the bucket).")
            .documentedDefault("~/.affect-streams/registry");

    public static final Setting<String> REGISTRY_S3_URI = new Setting<>("registry.s3.uri", SettingType.STRING, "", "",
            "empty or s3://bucket[/prefix]", v -> v.isEmpty() || v.matches("s3://[a-z0-9][a-z0-9.-]{1,62}(/[^\\s]*)?"),
            "S3-compatible bucket of the artifact store (s3://bucket or s3://bucket/prefix): releases are uploaded "
                    + "there and announced with s3: URIs, and registry.dir only caches verified downloads. "
                    + "Credentials come from the AWS default chain (environment, profile, web identity). "
                    + "Empty: registry.dir is the store.");

    public static final Setting<String> REGISTRY_S3_ENDPOINT = Setting.of("registry.s3.endpoint", SettingType.STRING, "",
            "Endpoint of an S3-compatible service (MinIO, Ceph, ...) for registry.s3.uri; empty: AWS S3 of the region.");

    public static final Setting<String> REGISTRY_S3_REGION = Setting.of("registry.s3.region", SettingType.STRING,
            "us-east-1", "Region of registry.s3.uri.");

    public static final Setting<Boolean> REGISTRY_S3_PATH_STYLE = Setting.of("registry.s3.path.style",
            SettingType.BOOLEAN, false,
            "Address the bucket in the path instead of the host name (most S3-compatible services need true).");

    public static final Setting<String> MODEL_PINNING = new Setting<>("model.pinning", SettingType.STRING, "participant",
            "participant", "participant or none", v -> v.matches("participant|none"),
            "participant: a participant's stream stays on the release it started with until it idles for "
                    + "model.pin.idle; none: every stream moves to a newly promoted release at once.");

    public static final Setting<Duration> MODEL_PIN_IDLE = Setting.of("model.pin.idle", SettingType.DURATION,
            Duration.ofMinutes(5), "How long a participant's stream may pause before its release pin is dropped.");

    public static final Setting<Duration> LABELS_RETENTION = Setting.of("labels.retention",
            SettingType.DURATION, Duration.ofMinutes(10),
            "How long the live path keeps each chunk's features (retraining consent only) for labels.feedback to be "
                    + "paired with; labels for chunks older than this are dead-lettered.");

    public static final Setting<Path> RETRAIN_DIR = Setting.of("retrain.dir", SettingType.PATH,
                    Path.of(System.getProperty("user.home"), ".affect-streams", "retrain"),
                    "Where the retraining worker keeps its replay buffer (survives restarts).")
            .documentedDefault("~/.affect-streams/retrain");

    public static final Setting<Integer> RETRAIN_BUFFER_CAPACITY = Setting.intIn("retrain.buffer.capacity", 20_000,
            10, 10_000_000, "Samples the replay buffer holds; beyond it the oldest unlabelled samples are evicted first.");

    public static final Setting<Integer> RETRAIN_MIN_NEW = Setting.intIn("retrain.min.new.samples", 500, 1, 10_000_000,
            "A round starts when this many new samples have arrived since the last round...");

    public static final Setting<Duration> RETRAIN_INTERVAL = Setting.of("retrain.interval",
            SettingType.DURATION, Duration.ofHours(1),
            "...or when this much time has passed since the last round and at least one new sample arrived.");

    public static final Setting<Integer> RETRAIN_MIN_LABELLED = Setting.intIn("retrain.min.labelled", 30, 2, 10_000_000,
            "Labelled samples needed on each side (probe training, held-out evaluation) before a round can be gated.");

    public static final Setting<Double> RETRAIN_HELDOUT = Setting.doubleIn("retrain.heldout.fraction", 0.3, "(0, 1)",
            v -> v > 0 && v < 1,
            "Share of participants (stable hash) whose labelled samples are held out for evaluation.");

    public static final Setting<Integer> RETRAIN_EPOCHS = Setting.intIn("retrain.epochs", 5, 1, 10_000,
            "Self-supervised epochs over the buffer per round, continuing from the live release's heads.");

    public static final Setting<Integer> RETRAIN_BATCH = Setting.intIn("retrain.batch.size", 64, 2, 65_536,
            "Samples per self-supervised training step (memory grows with it).");

    public static final Setting<Double> RETRAIN_LR = Setting.doubleIn("retrain.learning.rate", 1e-4, "> 0", v -> v > 0,
            "Peak learning rate of continued self-supervised training.");

    public static final Setting<Double> RETRAIN_TOLERANCE = Setting.doubleIn("retrain.gate.tolerance", 0.01, "[0, 1]",
            v -> v >= 0 && v <= 1,
            "Promotion gate: the candidate's held-out weighted F1 may be at most this much below the live release's.");

    public static final Setting<Integer> RETRAIN_GATE_HISTORY = Setting.intIn("retrain.gate.history", 3, 0, 20,
            "Promotion gate: the candidate must also be within retrain.gate.tolerance of each of the line's last N "
                    + "promoted releases before the live one, on the same held-out samples, so that small losses "
                    + "cannot add up over rounds; 0 compares with the live release only.");

    public static final Setting<Double> RETRAIN_MIN_CLUSTERS = Setting.doubleIn("retrain.gate.min.clusters", 2.0,
            ">= 1", v -> v >= 1,
            "Promotion gate: the effective number of clusters (exp of the entropy of cluster occupancy) the "
                    + "candidate's cluster head must keep on the buffer, per modality; below it the clusters collapsed.");

    public static final Setting<Integer> RETRAIN_THREADS = Setting.intIn("retrain.threads", 1, 1, 1024,
            "CPU threads the worker's tensor engine may use, so it can share a node with the live path.");

    public static final Setting<Integer> RETRAIN_HTTP_PORT = Setting.intIn("retrain.http.port", 8091, -1, 65535,
            "Port of the retraining worker's /health and /metrics (-1: off), on http.bind.");

    public static final Setting<String> RETRAIN_DEVICE = new Setting<>("retrain.device", SettingType.STRING, "cpu", "cpu",
            "auto, cpu or gpu:N", d -> d.matches("auto|cpu|gpu:\\d+"),
            "Device of the retraining worker: cpu by default, so it never takes the live path's GPU unless told to.");

    public static final Setting<String> DEVICE = new Setting<>("device", SettingType.STRING, "auto", "auto",
            "auto, cpu or gpu:N", d -> d.matches("auto|cpu|gpu:\\d+"),
            "Device of backbones and heads: auto (GPU when the engine sees one), cpu or gpu:N.");

    public static final Setting<Boolean> CONSENT_REQUIRED = Setting.of("consent.required", SettingType.BOOLEAN, true,
            "Produce events only for participants whose consent record allows inference; false only for closed tests.");

    public static final Setting<Double> TAP_FRACTION = Setting.doubleIn("tap.fraction", 0.1, "[0, 1]",
            v -> v >= 0 && v <= 1,
            "Share of chunk features (never media) sent to ssl.samples for participants who allow retraining.");

    public static final Setting<Integer> INFERENCE_MAX_BATCH = Setting.intIn("inference.max.batch", 8, 1, 4096,
            "Most chunks, across participants, that one stream thread runs through the backbones at once.");

    public static final Setting<Duration> INFERENCE_MAX_DELAY = Setting.of("inference.max.delay",
            SettingType.DURATION, Duration.ofMillis(200),
            "Longest a chunk waits for its batch to fill before the batch runs anyway.");

    public static final Setting<String> CLAIM_CHECK_DIR = Setting.of("claim.check.dir", SettingType.STRING, "",
            "Directory shared by producers and processors for chunks too large for a record: `ingest` stores them "
                    + "there and sends a reference (payloadUri); `process` reads only references into it. "
                    + "Empty: such chunks are refused.");

    public static final Setting<Integer> INGEST_FRAME_SIDE = Setting.intIn("ingest.frame.max.side", 640, 16, 16_384,
            "Longest side of the frames ingest and demo publish: larger frames are scaled down, aspect kept, before "
                    + "JPEG encoding, so that a second of 1280x720 or 1920x1080 video fits in one record under the "
                    + "broker's default 1 MB (the model crops faces to at most 180x180 pixels anyway).");

    public static final Setting<Integer> INGEST_FPS = Setting.intIn("ingest.frame.max.fps", 16, 1, 240,
            "Highest frame rate ingest and demo publish: a faster source's frames are thinned, evenly over each "
                    + "second, to this rate (the model samples 16 frames per second).");

    public static final Setting<Integer> LIMIT_FRAME_SIDE = Setting.intIn("limits.frame.max.side", 4096, 16, 16_384,
            "Widest and tallest frame accepted, as a chunk declares it and as each JPEG's header says; larger chunks "
                    + "are dead-lettered before any pixel is decoded.");

    public static final Setting<Integer> LIMIT_CHUNK_FRAMES = Setting.intIn("limits.chunk.max.frames", 120, 1, 10_000,
            "Most frames one video chunk may carry.");

    public static final Setting<Integer> LIMIT_CHUNK_PIXELS = Setting.intIn("limits.chunk.max.pixels", 125_000_000,
            1_000, Integer.MAX_VALUE, "Most pixels all frames of one video chunk may decode to together (60 frames of "
                    + "1080p by default), which bounds the memory a small record can claim.");

    public static final Setting<Integer> LIMIT_FPS = Setting.intIn("limits.fps.max", 240, 1, 10_000,
            "Highest frame rate a video chunk may declare.");

    public static final Setting<Integer> LIMIT_SEQ_AHEAD = Setting.intIn("limits.seq.max.ahead", 3_600, 1,
            Integer.MAX_VALUE, "How many slots a participant's chunk may lie ahead of the newest slot seen for that "
                    + "participant; farther chunks are dead-lettered instead of breaking the participant's sync.");

    public static final Setting<Integer> LIMIT_TEXT_CHARS = Setting.intIn("limits.text.max.chars", 10_000, 1,
            1_000_000, "Longest caption text one av.text segment may carry.");

    public static final Setting<Integer> HTTP_PORT = Setting.intIn("http.port", 8089, -1, 65535,
            "Port of the state query API of `process` (-1: off); instances route each query to the one holding the key.");

    public static final Setting<String> HTTP_HOST = Setting.of("http.host", SettingType.STRING, "localhost",
            "Host name other instances use to reach this instance's query API.");

    public static final Setting<String> HTTP_BIND = Setting.of("http.bind", SettingType.STRING, "127.0.0.1",
            "Address the state query API listens on: loopback by default; 0.0.0.0 (all interfaces) where other "
                    + "instances or clients must reach it, as in Kubernetes, preferably with http.token.file set.");

    public static final Setting<String> HTTP_TOKEN_FILE = Setting.of("http.token.file", SettingType.STRING, "",
            "File holding the bearer token (16 characters or more) the state query API requires "
                    + "(Authorization: Bearer <token>) for participants' states; /health, /health/live and /metrics stay "
                    + "open for probes and scrapers. Every instance must hold the same token. Empty: no token required.");

    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.intIn("topics.partitions", 6, 1, 10_000,
            "Partitions of each topic the application creates; all per-participant topics get the same count.");

    public static final Setting<Integer> TOPIC_REPLICATION = Setting.intIn("topics.replication.factor", 1, 1, 32,
            "Replication factor of each topic the application creates.");

    public static final Setting<String> TOPIC_AUDIO = topic("audio", "av.audio", "AudioChunk, 1 s of audio per record");
    public static final Setting<String> TOPIC_VIDEO = topic("video", "av.video", "VideoChunk, 1 s of frames per record");
    public static final Setting<String> TOPIC_TEXT = topic("text", "av.text", "TranscriptSegment, live captions");
    public static final Setting<String> TOPIC_EXPRESSIONS = topic("expressions", "expressions",
            "ExpressionEvent per participant and chunk");
    public static final Setting<String> TOPIC_EXPRESSION_STATE = topic("expression.state", "expression-state",
            "ExpressionState, smoothed, on change");
    public static final Setting<String> TOPIC_SSL_SAMPLES = topic("ssl.samples", "ssl.samples",
            "TrainingSample features for retraining");
    public static final Setting<String> TOPIC_LABELS = topic("labels.feedback", "labels.feedback",
            "LabelFeedback ground truth");
    public static final Setting<String> TOPIC_MODELS = topic("models", "models", "ModelRelease announcements, compacted");
    public static final Setting<String> TOPIC_CONSENT = topic("consent", "consent", "ConsentRecord per participant, compacted");
    public static final Setting<String> TOPIC_DLQ = topic("dlq", "dlq", "ErrorRecord for every refused input");
    public static final Setting<String> TOPIC_RETRAIN_REPORTS = topic("retrain.reports", "retrain.reports",
            "JSON report of every retraining round, keyed by model line");

    public static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS, APPLICATION_ID, EMBEDDED_DATA_DIR, EMBEDDED_PORT, EMBEDDED_SECURITY, EMBEDDED_KEYSTORE,
            EMBEDDED_KEYSTORE_PASSWORD_FILE, EMBEDDED_SCRAM_USERS_FILE, STATE_DIR, STREAMS_GROUP_PROTOCOL, MODEL_RELEASE, MODEL_DIR,
            REGISTRY_DIR, REGISTRY_S3_URI, REGISTRY_S3_ENDPOINT, REGISTRY_S3_REGION, REGISTRY_S3_PATH_STYLE,
            MODEL_PINNING, MODEL_PIN_IDLE, LABELS_RETENTION, RETRAIN_DIR, RETRAIN_BUFFER_CAPACITY,
            RETRAIN_MIN_NEW, RETRAIN_INTERVAL, RETRAIN_MIN_LABELLED, RETRAIN_HELDOUT, RETRAIN_EPOCHS, RETRAIN_BATCH,
            RETRAIN_LR, RETRAIN_TOLERANCE, RETRAIN_GATE_HISTORY, RETRAIN_MIN_CLUSTERS, RETRAIN_THREADS, RETRAIN_HTTP_PORT, RETRAIN_DEVICE, DEVICE, CONSENT_REQUIRED, TAP_FRACTION, INFERENCE_MAX_BATCH, INFERENCE_MAX_DELAY, CLAIM_CHECK_DIR, INGEST_FRAME_SIDE, INGEST_FPS,
            LIMIT_FRAME_SIDE, LIMIT_CHUNK_FRAMES, LIMIT_CHUNK_PIXELS, LIMIT_FPS, LIMIT_SEQ_AHEAD, LIMIT_TEXT_CHARS,
            HTTP_PORT, HTTP_HOST, HTTP_BIND, HTTP_TOKEN_FILE, TOPIC_PARTITIONS, TOPIC_REPLICATION,
            TOPIC_AUDIO, TOPIC_VIDEO, TOPIC_TEXT, TOPIC_EXPRESSIONS, TOPIC_EXPRESSION_STATE, TOPIC_SSL_SAMPLES,
            TOPIC_LABELS, TOPIC_MODELS, TOPIC_CONSENT, TOPIC_DLQ, TOPIC_RETRAIN_REPORTS);

    private static final Map<String, Setting<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Setting::name, Function.identity()));

    private Settings() {
    }

    public static Setting<?> byName(String name) {
        return BY_NAME.get(name);
    }

    private static Setting<String> topic(String key, String defaultName, String what) {
        return new Setting<>("topic." + key, SettingType.STRING, defaultName, defaultName, "a valid topic name",
                Settings::isValidTopicName, "Topic name: " + what + ".");
    }

    private static boolean isValidTopicName(String name) {
        return !name.isEmpty() && name.length() <= 249 && name.matches("[a-zA-Z0-9._-]+")
                && !name.equals(".") && !name.equals("..");
    }
}
