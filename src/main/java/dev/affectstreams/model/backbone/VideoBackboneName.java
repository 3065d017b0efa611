package dev.affectstreams.model.backbone;

/**
 * The video modality's backbone name: a 2D frame network and a 3D clip network whose features
 * are concatenated, written {@code frame2d+clip3d} in feature files and release manifests.
 */
public record VideoBackboneName(String frame2d, String clip3d) {

    private static final String JOIN = "+";

    public VideoBackboneName {
        if (frame2d == null || frame2d.isEmpty() || clip3d == null || clip3d.isEmpty()) {
            throw new IllegalArgumentException("a video backbone needs a 2D and a 3D network");
        }
    }

    /** The written form. */
    public String name() {
        return frame2d + JOIN + clip3d;
    }

    /** Reads {@code frame2d+clip3d}; throws {@link IllegalArgumentException} on any other name. */
    public static VideoBackboneName parse(String name) {
        int plus = name == null ? -1 : name.indexOf(JOIN);
        if (plus <= 0 || plus == name.length() - 1) {
            throw new IllegalArgumentException("not a 2D+3D video backbone name: " + name);
        }
        return new VideoBackboneName(name.substring(0, plus), name.substring(plus + 1));
    }

    /** Whether the name has the 2D+3D form. */
    public static boolean isComposite(String name) {
        int plus = name == null ? -1 : name.indexOf(JOIN);
        return plus > 0 && plus < name.length() - 1;
    }

    /** Two weights hashes joined the same way. */
    public static String joinHashes(String frame2dSha, String clip3dSha) {
        return frame2dSha + JOIN + clip3dSha;
    }
}
