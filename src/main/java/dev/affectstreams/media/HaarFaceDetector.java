package dev.affectstreams.media;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal face detection with OpenCV's Haar cascade (shipped inside the OpenCV jar): the
 * largest face of a frame, in frame coordinates. Small detections are what the cascade finds on
 * screen text and texture, so a face must be at least a sixteenth of the frame's shorter side
 * (and {@value #MIN_SIDE} pixels), and confirmed by {@value #MIN_NEIGHBOURS} overlapping
 * detections (OpenCV's default is 3). Not thread-safe: one per thread.
 */
public final class HaarFaceDetector implements FaceDetector {

    static final int MIN_SIDE = 20;
    static final int MIN_NEIGHBOURS = 4;

    private static final String CASCADE =
            "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml";

    private final CascadeClassifier classifier;
    private final Java2DFrameConverter java2d = new Java2DFrameConverter();
    private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();

    public HaarFaceDetector() {
        try {
            classifier = new CascadeClassifier(Loader.cacheResource(CASCADE).getAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the face cascade", e);
        }
        if (classifier.empty()) {
            throw new IllegalStateException("the face cascade did not load");
        }
    }

    @Override
    public String name() {
        return "haar";
    }

    @Override
    public List<Rectangle> faces(BufferedImage frame) {
        Mat image = toMat.convert(java2d.convert(frame));
        Mat gray = new Mat();
        cvtColor(image, gray, COLOR_BGR2GRAY);
        equalizeHist(gray, gray);
        RectVector faces = new RectVector();
        int min = Math.max(MIN_SIDE, Math.min(frame.getWidth(), frame.getHeight()) / 16);
        classifier.detectMultiScale(gray, faces, 1.1, MIN_NEIGHBOURS, 0, new Size(min, min),
                new Size());
        List<Rectangle> found = new ArrayList<>();
        for (long i = 0; i < faces.size(); i++) {
            Rect r = faces.get(i);
            found.add(new Rectangle(r.x(), r.y(), r.width(), r.height()));
        }
        gray.close();
        return found;
    }

    @Override
    public void close() {
        classifier.close();
        java2d.close();
        toMat.close();
    }
}
