package dev.affectstreams.ingest;

/**
 * A chunk whose encoded size exceeds what the topic accepts: lower the JPEG quality or the frame
 * size, or pass such chunks by reference (claim.check.dir).
 */
public class ChunkTooLargeException extends IllegalStateException {

    public ChunkTooLargeException(String what, int bytes, int limit) {
        super(what + " is " + bytes + " bytes encoded, over the limit of " + limit + " bytes (the producer's "
                + "max.request.size); lower --jpeg-quality or the frame size, set claim.check.dir to pass such chunks by reference, or raise "
                + "the limit on broker and producer");
    }
}
