package dev.affectstreams.events;

import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a participant's chunks may be used. Inference needs a consent record that allows it;
 * retraining needs one that allows that too. Some contexts are refused outright where the law
 * forbids emotion recognition: the EU AI Act (Article 5(1)(f)) bans it at the workplace and in
 * education, so those contexts are blocked for the EU and its member states by default.
 */
public final class ConsentPolicy {

    /** The decision for one participant. */
    public enum Decision { ALLOWED, NO_CONSENT, BLOCKED_CONTEXT }

    private static final Set<String> EU = Set.of("EU", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    private static final Set<CallContext> BANNED_IN_EU = Set.of(CallContext.WORKPLACE, CallContext.EDUCATION);

    private final boolean consentRequired;

    /** @param consentRequired false only for closed test set-ups: participants without a record are then allowed */
    public ConsentPolicy(boolean consentRequired) {
        this.consentRequired = consentRequired;
    }

    public Decision inference(ConsentRecord consent) {
        if (consent == null) {
            return consentRequired ? Decision.NO_CONSENT : Decision.ALLOWED;
        }
        if (blocked(consent)) {
            return Decision.BLOCKED_CONTEXT;
        }
        return consent.getInferenceAllowed() ? Decision.ALLOWED : Decision.NO_CONSENT;
    }

    public boolean retraining(ConsentRecord consent) {
        return consent != null && !blocked(consent) && consent.getInferenceAllowed() && consent.getRetrainingAllowed();
    }

    private static boolean blocked(ConsentRecord consent) {
        return EU.contains(consent.getJurisdiction().toUpperCase(Locale.ROOT)) && BANNED_IN_EU.contains(consent.getContext());
    }
}
