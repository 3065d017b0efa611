package dev.affectstreams.sim;

/**
 * The face at one instant, in the renderer's units: what the expression drives (mouth
 * curvature and opening, brow height and angle, eye opening, cheek raise, nose wrinkle) and
 * what it does not (head motion, blink, talking, blur, occlusion, light).
 */
public record FaceState(float mouthCurve, float mouthOpen, float mouthWidth, float browRaise, float browTilt,
                        float eyeOpen, float cheekRaise, float noseWrinkle, float headDx, float headDy,
                        float headRoll, float light, boolean blurred, float occlusion) {

    /**
     * The expressive part of the face for given intensities (each in [0, 3]) shown with a
     * gain; FACS-like action units: happy AU6+12, sad AU1+4+15, anger AU4+5+23, surprise
     * AU1+2+5+26, disgust AU9+10, fear AU1+2+4+5+20.
     */
    public static FaceState expressive(Intensities x, float gain) {
        float h = x.get(Emotion.HAPPY) / 3 * gain;
        float s = x.get(Emotion.SAD) / 3 * gain;
        float a = x.get(Emotion.ANGER) / 3 * gain;
        float u = x.get(Emotion.SURPRISE) / 3 * gain;
        float d = x.get(Emotion.DISGUST) / 3 * gain;
        float f = x.get(Emotion.FEAR) / 3 * gain;
        float curve = 1.0f * h - 0.8f * s - 0.3f * a - 0.7f * d - 0.3f * f;
        float open = 0.9f * u + 0.35f * f + 0.3f * h + 0.1f * d;
        float width = 0.9f * h + 0.8f * f - 0.15f * a - 0.2f * u - 0.2f * s;
        float browRaise = 0.9f * u + 0.7f * f + 0.2f * s - 1.0f * a - 0.3f * d;
        float browTilt = 0.8f * s + 0.9f * f - 1.2f * a;
        float eye = 0.6f * u + 1.1f * f + 0.2f * a - 0.35f * h - 0.3f * s - 0.5f * d;
        float cheek = 0.9f * h + 0.3f * d;
        float wrinkle = 1.0f * d + 0.2f * a;
        return new FaceState(curve, open, width, browRaise, browTilt, eye, cheek, wrinkle, 0, 0, 0, 1, false, 0);
    }
}
