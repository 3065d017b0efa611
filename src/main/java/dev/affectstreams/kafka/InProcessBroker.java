package dev.affectstreams.kafka;

import dev.affectstreams.config.ConfigException;

/**
 * Whether this build can run the in-process broker. The runtime image is built without Kafka's
 * server jars and the Scala runtime (Maven profile {@code runtime-image}), so there every command
 * needs a cluster's {@code --bootstrap-servers}; this says so before any broker class is touched.
 */
public final class InProcessBroker {

    /** A class only Kafka's server jars hold. */
    static final String SERVER_CLASS = "kafka.server.KafkaRaftServer";

    private InProcessBroker() {
    }

    /** Whether the broker's classes are on the class path of {@code loader}. */
    public static boolean availableIn(ClassLoader loader) {
        try {
            Class.forName(SERVER_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Fails with the fix when this build has no in-process broker.
     *
     * @param loader where the broker's classes would be
     */
    public static void require(ClassLoader loader) {
        if (!availableIn(loader)) {
            throw new ConfigException("this build has no in-process broker (the runtime image leaves out Kafka's "
                    + "server jars): give a cluster's --bootstrap-servers HOST:PORT (or the bootstrap.servers setting)");
        }
    }

    /** {@link #require(ClassLoader)} for this class's own loader. */
    public static void require() {
        require(InProcessBroker.class.getClassLoader());
    }
}
