package dev.affectstreams.kafka;

/** A free client port for a broker that must come back on the same one. */
public final class EmbeddedKafkaBrokerPorts {

    private EmbeddedKafkaBrokerPorts() {
    }

    public static int free() {
        return EmbeddedKafkaBroker.freePort();
    }
}
