package dev.affectstreams.retrain;

/** How a retraining round ended; written by name in the round's JSON report. */
public enum RoundOutcome {
    /** The candidate passed the gate and was announced promoted. */
    PROMOTED,
    /** The candidate was announced but the gate refused it. */
    REJECTED,
    /** Not enough data for a round that could be judged. */
    SKIPPED,
    /** The round could not run (an unreadable live release, an error). */
    FAILED
}
