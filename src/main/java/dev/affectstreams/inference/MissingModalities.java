package dev.affectstreams.inference;

import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FeatureExtractor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a window that lacks a modality of the release is scored: audio that never came (a muted
 * participant, a platform that sends no audio, a video without a sound track) is scored as one
 * second of silence, which is what such a participant sounds like, and flagged AUDIO_MISSING;
 * text without any caption yet as an empty transcript, flagged TEXT_MISSING. Video is never
 * filled in: without a face there is nothing to score. The event's {@code modalities} list only
 * what was really there.
 */
final class MissingModalities {

    private MissingModalities() {
    }

    /** The averages with missing audio and text filled in as above; {@code flags} gets their flags. */
    static Map<Modality, float[]> fill(Map<Modality, float[]> averages, List<Modality> needed,
                                       FeatureExtractor extractor, Set<QualityFlag> flags) {
        Map<Modality, float[]> filled = new EnumMap<>(Modality.class);
        filled.putAll(averages);
        if (needed.contains(Modality.AUDIO) && !averages.containsKey(Modality.AUDIO)) {
            filled.put(Modality.AUDIO, extractor.silentAudio());
            flags.add(QualityFlag.AUDIO_MISSING);
        }
        if (needed.contains(Modality.TEXT) && !averages.containsKey(Modality.TEXT)) {
            filled.put(Modality.TEXT, extractor.emptyTranscript());
            flags.add(QualityFlag.TEXT_MISSING);
        }
        return filled;
    }
}
