package dev.affectstreams.events;

import java.util.concurrent.atomic.AtomicLong;

/** Counts of the live path's decisions that are not errors: slots skipped for consent or policy, samples tapped. */
public final class LiveCounters {
    public final AtomicLong events = new AtomicLong();
    public final AtomicLong noConsent = new AtomicLong();
    public final AtomicLong blockedContext = new AtomicLong();
    public final AtomicLong tapped = new AtomicLong();
    public final AtomicLong stateChanges = new AtomicLong();
}
