package dev.affectstreams.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/** Draws a participant's face for a {@link FaceState} with Java2D, into a 3-byte BGR image. */
public final class FaceRenderer {

    private final int width;
    private final int height;
    private final ParticipantIdentity id;

    public FaceRenderer(int width, int height, ParticipantIdentity id) {
        this.width = width;
        this.height = height;
        this.id = id;
    }

    public BufferedImage render(FaceState s, Random noise) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float light = id.light() * s.light();
        g.setPaint(new GradientPaint(0, 0, shade(id.background(), light * 1.1f), width, height,
                shade(id.background(), light * 0.8f)));
        g.fillRect(0, 0, width, height);
        double fw = id.faceWidth() * height;
        double fh = fw * id.faceAspect();
        double cx = id.centerX() * width + s.headDx() * width;
        double cy = id.centerY() * height + s.headDy() * height;
        AffineTransform base = g.getTransform();
        g.rotate(s.headRoll(), cx, cy);
        drawHead(g, cx, cy, fw, fh, light);
        drawEyes(g, s, cx, cy, fw, fh, light);
        drawNose(g, s, cx, cy, fw, fh, light);
        drawMouth(g, s, cx, cy, fw, fh);
        g.setTransform(base);
        if (s.occlusion() > 0) {
            g.setColor(shade(id.skin(), light * 0.9f));
            double ow = fw * 0.6 * s.occlusion();
            g.fill(new Ellipse2D.Double(cx - fw * 0.5, cy + fh * 0.05, ow, fh * 0.45));
        }
        g.dispose();
        if (s.blurred()) {
            image = boxBlur(image);
        }
        addNoise(image, noise);
        return image;
    }

    private void drawHead(Graphics2D g, double cx, double cy, double fw, double fh, float light) {
        g.setColor(shade(id.hair(), light));
        double hv = 0.1 + 0.25 * id.hairVolume();
        g.fill(new Ellipse2D.Double(cx - fw * (0.5 + hv / 2), cy - fh * (0.5 + hv / 2), fw * (1 + hv), fh * (0.8 + hv)));
        GradientPaint skin = new GradientPaint((float) (cx - fw / 2), 0,
                shade(id.skin(), light * (1 + 0.15f * id.lightFromLeft())), (float) (cx + fw / 2), 0,
                shade(id.skin(), light * (1 - 0.15f * id.lightFromLeft())));
        g.setPaint(skin);
        double arc = fw * (0.35 + 0.5 * (1 - id.jaw()));
        g.fill(new java.awt.geom.RoundRectangle2D.Double(cx - fw / 2, cy - fh / 2, fw, fh, arc, arc * 1.3));
    }

    private void drawEyes(Graphics2D g, FaceState s, double cx, double cy, double fw, double fh, float light) {
        double ey = cy - fh * 0.1;
        double ew = fw * 0.16;
        double open = Math.max(0.02, 0.5 + 0.35 * s.eyeOpen());
        double cheek = s.cheekRaise() * fh * 0.02;
        for (int side = -1; side <= 1; side += 2) {
            double ex = cx + side * fw * 0.2;
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(ex - ew / 2, ey - ew * open / 2 - cheek / 2, ew, ew * open));
            g.setColor(new Color(50, 40, 30));
            double iris = ew * 0.45 * Math.min(1, open * 1.6);
            g.fill(new Ellipse2D.Double(ex - iris / 2, ey - iris / 2 - cheek / 2, iris, iris));
            drawBrow(g, s, ex, ey, ew, fh, side, light);
            if (s.cheekRaise() > 0.05) {
                g.setColor(new Color(220, 90, 90, (int) Math.min(90, 120 * s.cheekRaise())));
                g.fill(new Ellipse2D.Double(ex - ew * 0.6, ey + fh * 0.12 - cheek, ew * 1.2, ew * 0.6));
            }
            if (id.glasses()) {
                g.setColor(new Color(30, 30, 30));
                g.setStroke(new BasicStroke((float) (fw * 0.015)));
                g.draw(new Ellipse2D.Double(ex - ew * 0.8, ey - ew * 0.6, ew * 1.6, ew * 1.2));
            }
        }
    }

    private void drawBrow(Graphics2D g, FaceState s, double ex, double ey, double ew, double fh, int side,
                          float light) {
        double by = ey - fh * (0.09 + 0.06 * s.browRaise());
        double tilt = fh * 0.035 * s.browTilt();
        g.setColor(shade(id.hair(), light * 0.8f));
        g.setStroke(new BasicStroke((float) (fh * 0.025), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double inner = ex - side * ew * 0.6;
        double outer = ex + side * ew * 0.6;
        g.draw(new java.awt.geom.Line2D.Double(inner, by - tilt, outer, by + tilt * 0.3));
    }

    private void drawNose(Graphics2D g, FaceState s, double cx, double cy, double fw, double fh, float light) {
        g.setColor(shade(id.skin(), light * 0.75f));
        g.setStroke(new BasicStroke((float) (fw * 0.012)));
        GeneralPath nose = new GeneralPath();
        nose.moveTo(cx, cy - fh * 0.05);
        nose.lineTo(cx - fw * 0.05, cy + fh * 0.1);
        nose.lineTo(cx + fw * 0.03, cy + fh * 0.11);
        g.draw(nose);
        if (s.noseWrinkle() > 0.05) {
            g.setStroke(new BasicStroke((float) (fw * 0.008 * (1 + 2 * s.noseWrinkle()))));
            for (int i = 0; i < 3; i++) {
                double y = cy - fh * (0.02 - 0.025 * i);
                g.draw(new java.awt.geom.Line2D.Double(cx - fw * 0.06, y, cx + fw * 0.06, y));
            }
        }
    }

    private void drawMouth(Graphics2D g, FaceState s, double cx, double cy, double fw, double fh) {
        double my = cy + fh * 0.25;
        double half = fw * (0.17 + 0.08 * s.mouthWidth());
        double curve = fh * 0.09 * s.mouthCurve();
        double open = fh * 0.12 * Math.max(0, s.mouthOpen());
        g.setColor(new Color(90, 20, 30));
        if (open > 1) {
            GeneralPath lips = new GeneralPath();
            lips.moveTo(cx - half, my - curve);
            lips.quadTo(cx, my + curve - open * 0.5, cx + half, my - curve);
            lips.quadTo(cx, my + curve + open * 1.2, cx - half, my - curve);
            g.fill(lips);
        }
        g.setStroke(new BasicStroke((float) (fh * 0.018), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(cx - half, my - curve, cx, my + curve, cx + half, my - curve));
    }

    private static Color shade(Color c, float f) {
        return new Color(clamp(c.getRed() * f), clamp(c.getGreen() * f), clamp(c.getBlue() * f));
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Camera noise: a few percent of the pixels jittered, cheap enough for real time. */
    private static void addNoise(BufferedImage image, Random random) {
        byte[] px = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int n = px.length / 25;
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(px.length);
            px[k] = (byte) Math.max(0, Math.min(255, (px[k] & 0xff) + random.nextInt(31) - 15));
        }
    }

    private static BufferedImage boxBlur(BufferedImage src) {
        float[] k = new float[25];
        java.util.Arrays.fill(k, 1f / 25);
        return new java.awt.image.ConvolveOp(new java.awt.image.Kernel(5, 5, k), java.awt.image.ConvolveOp.EDGE_NO_OP,
                null).filter(src, null);
    }
}
