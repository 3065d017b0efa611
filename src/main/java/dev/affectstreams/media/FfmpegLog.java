package dev.affectstreams.media;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg's own log, kept to errors: its stream banners and per-frame notices (for instance a
 * "deprecated pixel format" line for every MJPEG frame) are noise for a user of this tool.
 * Set {@code affect.ffmpeg.log=info} (a system property) to see them again.
 */
public final class FfmpegLog {

    private static volatile boolean applied;

    private FfmpegLog() {
    }

    /** Applies the level once; cheap to call before every use of FFmpeg. */
    public static void quiet() {
        if (applied) {
            return;
        }
        synchronized (FfmpegLog.class) {
            if (!applied) {
                boolean verbose = "info".equalsIgnoreCase(System.getProperty("affect.ffmpeg.log"));
                avutil.av_log_set_level(verbose ? avutil.AV_LOG_INFO : avutil.AV_LOG_ERROR);
                applied = true;
            }
        }
    }
}
