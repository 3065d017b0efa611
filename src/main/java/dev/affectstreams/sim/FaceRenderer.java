package dev.affectstreams.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import java.util.Arrays;
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
        // neck and shoulders under the head, as a webcam frames a seated participant
        g.setColor(shade(id.skin(), light * 0.8f));
        g.fill(new Rectangle2D.Double(cx - fw * 0.22, cy + fh * 0.35, fw * 0.44, fh * 0.5));
        g.setColor(shade(id.background().darker(), light));
        g.fill(new Ellipse2D.Double(cx - fw * 1.1, cy + fh * 0.62, fw * 2.2, fh * 1.2));
        g.setColor(shade(id.hair(), light));
        double hv = 0.1 + 0.25 * id.hairVolume();
        g.fill(new Ellipse2D.Double(cx - fw * (0.5 + hv / 2), cy - fh * (0.5 + hv / 2), fw * (1 + hv), fh * (0.8 + hv)));
        GradientPaint skin = new GradientPaint((float) (cx - fw / 2), 0,
                shade(id.skin(), light * (1 + 0.15f * id.lightFromLeft())), (float) (cx + fw / 2), 0,
                shade(id.skin(), light * (1 - 0.15f * id.lightFromLeft())));
        g.setPaint(skin);
        double arc = fw * (0.35 + 0.5 * (1 - id.jaw()));
        g.fill(new RoundRectangle2D.Double(cx - fw / 2, cy - fh / 2, fw, fh, arc, arc * 1.3));
        // hair line over the forehead
        g.setColor(shade(id.hair(), light));
        g.fill(new Ellipse2D.Double(cx - fw * 0.5, cy - fh * 0.62, fw, fh * 0.3));
        // eye sockets and the shadow under the nose: the darker regions every face detector keys on
        g.setColor(shade(id.skin(), light * 0.82f));
        for (int side = -1; side <= 1; side += 2) {
            g.fill(new Ellipse2D.Double(cx + side * fw * 0.2 - fw * 0.14, cy - fh * 0.2, fw * 0.28, fh * 0.17));
        }
    }

    private void drawEyes(Graphics2D g, FaceState s, double cx, double cy, double fw, double fh, float light) {
        double ey = cy - fh * 0.1;
        double ew = fw * 0.2;
        double open = Math.max(0.05, 0.42 + 0.3 * s.eyeOpen());
        double cheek = s.cheekRaise() * fh * 0.025;
        for (int side = -1; side <= 1; side += 2) {
            double ex = cx + side * fw * 0.2;
            double eh = ew * open;
            // almond: the upper lid arches, the lower lid rises with the cheeks
            GeneralPath eye = new GeneralPath();
            eye.moveTo(ex - ew / 2, ey);
            eye.quadTo(ex, ey - eh, ex + ew / 2, ey);
            eye.quadTo(ex, ey + eh * 0.7 - cheek, ex - ew / 2, ey);
            g.setColor(new Color(235, 232, 225));
            g.fill(eye);
            Shape clip = g.getClip();
            g.clip(eye);
            double iris = ew * 0.5;
            g.setColor(new Color(70, 50, 35));
            g.fill(new Ellipse2D.Double(ex - iris / 2, ey - iris / 2 - eh * 0.1, iris, iris));
            g.setColor(new Color(15, 10, 10));
            g.fill(new Ellipse2D.Double(ex - iris / 4, ey - iris / 4 - eh * 0.1, iris / 2, iris / 2));
            g.setClip(clip);
            g.setColor(new Color(40, 25, 20));
            g.setStroke(new BasicStroke((float) (fh * 0.014), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new QuadCurve2D.Double(ex - ew / 2, ey, ex, ey - eh, ex + ew / 2, ey));
            drawBrow(g, s, ex, ey, ew, fh, side, light);
            if (s.cheekRaise() > 0.05) {
                // raised cheeks: a crease under the eye and colour on the cheek
                g.setColor(shade(id.skin(), light * 0.75f));
                g.setStroke(new BasicStroke((float) (fh * 0.008)));
                g.draw(new QuadCurve2D.Double(ex - ew * 0.45, ey + eh * 0.5, ex, ey + eh * 0.5 + fh * 0.02 - cheek,
                        ex + ew * 0.45, ey + eh * 0.5));
                g.setColor(new Color(220, 90, 90, (int) Math.min(70, 90 * s.cheekRaise())));
                g.fill(new Ellipse2D.Double(ex - ew * 0.6, ey + fh * 0.1 - cheek, ew * 1.2, ew * 0.6));
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
        double by = ey - fh * (0.085 + 0.07 * s.browRaise());
        double tilt = fh * 0.04 * s.browTilt();
        g.setColor(shade(id.hair(), light * 0.7f));
        g.setStroke(new BasicStroke((float) (fh * 0.032), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double inner = ex - side * ew * 0.6;
        double outer = ex + side * ew * 0.6;
        // inner end raised by sadness and fear (positive tilt), pulled down by anger
        g.draw(new QuadCurve2D.Double(inner, by - tilt, ex, by - fh * 0.02 - tilt * 0.3, outer, by + tilt * 0.3));
        if (s.browTilt() < -0.2 && side == 1) {
            // lowered, drawn-together brows fold the skin between them
            g.setColor(shade(id.skin(), light * 0.6f));
            g.setStroke(new BasicStroke((float) (fh * 0.012), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            double mid = ex - ew * 1.0;
            for (int k = -1; k <= 1; k += 2) {
                g.draw(new Line2D.Double(mid + k * ew * 0.12, by - fh * 0.01, mid + k * ew * 0.08,
                        by + fh * 0.06 * Math.min(1, -s.browTilt())));
            }
        }
    }

    private void drawNose(Graphics2D g, FaceState s, double cx, double cy, double fw, double fh, float light) {
        g.setColor(shade(id.skin(), light * 0.7f));
        g.setStroke(new BasicStroke((float) (fw * 0.014), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(cx - fw * 0.03, cy - fh * 0.05, cx - fw * 0.06, cy + fh * 0.06, cx - fw * 0.02,
                cy + fh * 0.1));
        g.setColor(shade(id.skin(), light * 0.45f));
        for (int side = -1; side <= 1; side += 2) {
            g.fill(new Ellipse2D.Double(cx + side * fw * 0.045 - fw * 0.025, cy + fh * 0.095, fw * 0.05, fh * 0.03));
        }
        if (s.noseWrinkle() > 0.05) {
            g.setColor(shade(id.skin(), light * 0.65f));
            g.setStroke(new BasicStroke((float) (fw * 0.008 * (1 + 2 * s.noseWrinkle()))));
            for (int i = 0; i < 3; i++) {
                double y = cy - fh * (0.03 - 0.025 * i);
                g.draw(new Line2D.Double(cx - fw * 0.06, y, cx + fw * 0.06, y));
            }
            // the raised upper lip of disgust deepens the folds beside the nose
            for (int side = -1; side <= 1; side += 2) {
                g.draw(new QuadCurve2D.Double(cx + side * fw * 0.08, cy + fh * 0.07, cx + side * fw * 0.14,
                        cy + fh * 0.15, cx + side * fw * 0.13, cy + fh * 0.22));
            }
        }
    }

    private void drawMouth(Graphics2D g, FaceState s, double cx, double cy, double fw, double fh) {
        double my = cy + fh * 0.25;
        double half = fw * (0.15 + 0.11 * s.mouthWidth());
        double curve = fh * 0.075 * s.mouthCurve();
        double open = fh * 0.14 * Math.max(0, s.mouthOpen());
        double lip = fh * 0.028;
        double corner = my - curve;
        double middle = my + curve * 0.35;
        // a smile lifts the corners, sadness pulls them down, the middle follows a little;
        // each boundary runs corner to corner through its own point under the middle
        Shape lips = between(cx, half, corner, middle - open / 2 - lip, middle + open / 2 + lip * 1.3);
        g.setColor(shade(new Color(165, 75, 75), 0.6f + 0.4f * id.light()));
        g.fill(lips);
        if (open > 1) {
            Shape inside = between(cx, half * 0.92, corner, middle - open / 2, middle + open / 2);
            g.setColor(new Color(55, 12, 18));
            g.fill(inside);
            if (s.mouthCurve() > 0.2) {
                // a smile shows the upper teeth
                Shape clip = g.getClip();
                g.clip(inside);
                g.setColor(new Color(240, 238, 230));
                g.fill(new Rectangle2D.Double(cx - half, corner - fh, 2 * half,
                        middle - open / 2 + open * 0.65 - (corner - fh)));
                g.setClip(clip);
            }
        } else {
            g.setColor(new Color(70, 20, 25));
            g.setStroke(new BasicStroke((float) (fh * 0.012), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new QuadCurve2D.Double(cx - half, corner, cx, 2 * middle - corner, cx + half, corner));
        }
    }

    /** The region between two curves from (cx - half, corner) to (cx + half, corner) through y = top and y = bottom at cx. */
    private static Shape between(double cx, double half, double corner, double top, double bottom) {
        GeneralPath p = new GeneralPath();
        p.moveTo(cx - half, corner);
        p.quadTo(cx, 2 * top - corner, cx + half, corner);
        p.quadTo(cx, 2 * bottom - corner, cx - half, corner);
        p.closePath();
        return p;
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
        Arrays.fill(k, 1f / 25);
        return new ConvolveOp(new Kernel(5, 5, k), ConvolveOp.EDGE_NO_OP,
                null).filter(src, null);
    }
}
