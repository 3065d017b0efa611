package dev.affectstreams.registry;

import dev.affectstreams.model.Modality;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one rule for whether a release's heads may run on given backbones: for every modality
 * the release uses, the backbone has the same name and the same weights (SHA-256). The version
 * string is a label and does not decide; a backbone missing on either side does. Used by the
 * live path (a model per thread, hot swap, pins), the retraining worker (earlier releases to
 * compare with) and the jobs (features against a release).
 */
public final class BackboneCompatibility {

    private BackboneCompatibility() {
    }

    /** Whether two references name the same network with the same weights. */
    public static boolean sameNetwork(BackboneRef a, BackboneRef b) {
        return a != null && b != null && a.name().equals(b.name()) && a.weightsSha256().equals(b.weightsSha256());
    }

    /** Why a release cannot run on the {@code running} backbones, for the modalities it uses; empty when it can. */
    public static Optional<String> mismatch(ReleaseManifest release, Map<String, BackboneRef> running) {
        return mismatch(release.backbones(), release.config().modalities().stream().map(Modality::key).toList(),
                running);
    }

    /**
     * Why backbones {@code trained} (by modality key) differ from {@code running} for the given
     * modalities; empty when they match.
     */
    public static Optional<String> mismatch(Map<String, BackboneRef> trained, Collection<String> modalities,
                                            Map<String, BackboneRef> running) {
        for (String m : modalities) {
            BackboneRef want = trained.get(m);
            BackboneRef have = running.get(m);
            if (!sameNetwork(want, have)) {
                return Optional.of("trained on " + m + " backbone " + describe(want) + " but given "
                        + describe(have));
            }
        }
        return Optional.empty();
    }

    /** Whether two releases run on the same backbones for the modalities both name. */
    public static boolean interchangeable(ReleaseManifest a, ReleaseManifest b) {
        return a.config().modalities().equals(b.config().modalities()) && mismatch(a, b.backbones()).isEmpty();
    }

    /**
     * Refuses backbones that differ from those a release was trained on, for every modality the
     * release names.
     *
     * @param what what is being paired, for the message
     */
    public static void require(Map<String, BackboneRef> trained, Map<String, BackboneRef> running, String what) {
        mismatch(trained, List.copyOf(trained.keySet()), running).ifPresent(reason -> {
            throw new IllegalArgumentException(what + ": the release was " + reason
                    + "; a release is never paired with other backbones");
        });
    }

    private static String describe(BackboneRef ref) {
        return Objects.toString(ref == null ? null : ref.name() + " (weights " + shortHash(ref.weightsSha256()) + ")",
                "none");
    }

    private static String shortHash(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
