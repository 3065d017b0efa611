package dev.affectstreams.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd switch, which is per thread: the engine turns it off on the thread that
 * loads it, but any other thread starts with it on. Inference threads then record graphs they
 * never use, and in-place weight updates after a gradient collector closes are refused
 * ("a leaf Variable that requires grad is being used in an in-place operation"). Every thread
 * that runs models calls {@link #offOnThisThread()} first; gradient collectors turn it on
 * only while they collect.
 */
public final class GradMode {

    private GradMode() {
    }

    public static void offOnThisThread() {
        Engine.getInstance(); // loads the native library on first use
        Nnpack.offWhereUnsupported();
        JniUtils.setGradMode(false);
    }
}
