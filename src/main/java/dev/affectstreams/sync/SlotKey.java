package dev.affectstreams.sync;

/**
 * A participant's one-second slot as a store key: {@code callId/participantId|seq}, the seq
 * zero-padded to 19 digits so keys of one participant sort by slot.
 */
public record SlotKey(String participant, long seq) {

    private static final char SEPARATOR = '|';

    public SlotKey {
        if (participant == null) {
            throw new IllegalArgumentException("a slot key needs a participant key");
        }
    }

    /** The stored form. */
    public String encode() {
        return participant + SEPARATOR + String.format("%019d", seq);
    }

    /** Reads the stored form; throws {@link IllegalArgumentException} on anything else. */
    public static SlotKey parse(String stored) {
        int bar = stored == null ? -1 : stored.lastIndexOf(SEPARATOR);
        if (bar < 0) {
            throw new IllegalArgumentException("not a slot key: " + stored);
        }
        try {
            return new SlotKey(stored.substring(0, bar), Long.parseLong(stored.substring(bar + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a slot key: " + stored, e);
        }
    }

    /** The participant part of a stored key, or the whole text where it has no slot. */
    public static String participantOf(String stored) {
        int bar = stored.lastIndexOf(SEPARATOR);
        return bar < 0 ? stored : stored.substring(0, bar);
    }

    @Override
    public String toString() {
        return encode();
    }
}
