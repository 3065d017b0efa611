package dev.affectstreams.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.CallContext;
import dev.affectstreams.avro.ConsentRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

    private final ConsentPolicy policy = new ConsentPolicy(true);

    @Test
    void shouldRequireConsentAndRefuseBannedContextsInTheEu() {
        assertThat(policy.inference(null)).isEqualTo(ConsentPolicy.Decision.NO_CONSENT);
        assertThat(new ConsentPolicy(false).inference(null)).isEqualTo(ConsentPolicy.Decision.ALLOWED);
        assertThat(policy.inference(consent("DE", CallContext.WORKPLACE, true, true)))
                .isEqualTo(ConsentPolicy.Decision.BLOCKED_CONTEXT);
        assertThat(policy.inference(consent("EU", CallContext.EDUCATION, true, true)))
                .isEqualTo(ConsentPolicy.Decision.BLOCKED_CONTEXT);
        assertThat(policy.inference(consent("US", CallContext.WORKPLACE, true, true)))
                .isEqualTo(ConsentPolicy.Decision.ALLOWED);
        assertThat(policy.inference(consent("FR", CallContext.HEALTHCARE, true, false)))
                .isEqualTo(ConsentPolicy.Decision.ALLOWED);
        assertThat(policy.inference(consent("FR", CallContext.HEALTHCARE, false, true)))
                .isEqualTo(ConsentPolicy.Decision.NO_CONSENT);
    }

    @Test
    void shouldTapOnlyWithRetrainingConsent() {
        assertThat(policy.retraining(consent("US", CallContext.PERSONAL, true, true))).isTrue();
        assertThat(policy.retraining(consent("US", CallContext.PERSONAL, true, false))).isFalse();
        assertThat(policy.retraining(null)).isFalse();
    }

    @Test
    void shouldChangeStateOnlyOnARealChange() {
        ExpressionSmoother smoother = new ExpressionSmoother(0.5f, 0.6f, 0.4f);

        ExpressionSmoother.State s = smoother.next(null, Map.of("happy", 0.9f, "sad", 0.1f));
        assertThat(s.label()).isEqualTo("happy");
        s = smoother.next(s, Map.of("happy", 0.5f, "sad", 0.55f));
        assertThat(s.label()).as("a dip does not flip the state").isEqualTo("happy");
        s = smoother.next(s, Map.of("happy", 0.1f, "sad", 0.95f));
        s = smoother.next(s, Map.of("happy", 0.1f, "sad", 0.95f));
        assertThat(s.label()).isEqualTo("sad");
        s = smoother.next(s, Map.of("happy", 0.1f, "sad", 0.1f));
        s = smoother.next(s, Map.of("happy", 0.1f, "sad", 0.1f));
        assertThat(s.label()).as("nothing confident").isNull();
    }

    private static ConsentRecord consent(String jurisdiction, CallContext context, boolean inference, boolean retrain) {
        return ConsentRecord.newBuilder().setCallId("c").setParticipantId("p").setInferenceAllowed(inference)
                .setRetrainingAllowed(retrain).setJurisdiction(jurisdiction).setContext(context)
                .setUpdatedAt(Instant.EPOCH).build();
    }
}
