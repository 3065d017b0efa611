package dev.affectstreams.model.data;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * Splits rows by group (participant), stably: a group always lands on the same side, whatever
 * else is in the data, so held-out participants never leak into training.
 */
public final class GroupSplit {

    private GroupSplit() {
    }

    /** Rows of the training side and of the held-out side. */
    public record Split(FeatureMatrix train, FeatureMatrix heldOut) {
    }

    public static Split split(FeatureMatrix data, double heldOutFraction, String salt) {
        int[] held = IntStream.range(0, data.size()).filter(i -> isHeldOut(data.groups()[i], heldOutFraction, salt))
                .toArray();
        int[] train = IntStream.range(0, data.size()).filter(i -> !isHeldOut(data.groups()[i], heldOutFraction, salt))
                .toArray();
        if (held.length == 0 || train.length == 0) {
            throw new IllegalArgumentException("splitting " + data.size() + " rows of "
                    + IntStream.range(0, data.size()).mapToObj(i -> data.groups()[i]).distinct().count()
                    + " participants by " + heldOutFraction + " leaves one side empty; give more participants");
        }
        return new Split(data.subset(train), data.subset(held));
    }

    public static boolean isHeldOut(String group, double fraction, String salt) {
        CRC32 crc = new CRC32();
        crc.update((salt + "\u0000" + group).getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 10_000 < fraction * 10_000;
    }
}
