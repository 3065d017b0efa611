package dev.affectstreams.inference;

import dev.affectstreams.events.ConsentPolicy;
import dev.affectstreams.events.ExpressionSmoother;
import dev.affectstreams.events.LiveCounters;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * What happens around an event: the consent policy, the state smoother, the share of chunks
 * tapped for retraining (chosen by a hash of participant and slot, so a replay picks the same
 * ones) and the counters.
 */
public record EventRules(ConsentPolicy consent, ExpressionSmoother smoother, double tapFraction,
                         LiveCounters counters) {

    public static EventRules defaults(boolean consentRequired, double tapFraction) {
        return new EventRules(new ConsentPolicy(consentRequired), ExpressionSmoother.defaults(), tapFraction,
                new LiveCounters());
    }

    boolean sampled(String key, long seq) {
        CRC32 crc = new CRC32();
        crc.update((key + "#" + seq).getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 10_000 < tapFraction * 10_000;
    }
}
