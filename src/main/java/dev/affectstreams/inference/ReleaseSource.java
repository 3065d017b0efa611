package dev.affectstreams.inference;

import dev.affectstreams.registry.Release;

/** Which verified release serves a stream. */
public interface ReleaseSource {

    /** The release new streams get. */
    Release current();

    /** The release for a stream pinned to a version (null: not pinned); the current one when the pin is no longer servable. */
    Release resolve(String pinned);

    /** Always the same release. */
    static ReleaseSource fixed(Release release) {
        return new ReleaseSource() {
            @Override
            public Release current() {
                return release;
            }

            @Override
            public Release resolve(String pinned) {
                return release;
            }
        };
    }
}
