package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistortionTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(2));
    static final int W = 900;
    static final int H = 600;
    static final double CX = (W - 1) / 2.0;
    static final double CY = (H - 1) / 2.0;
    static final double RC = Math.hypot(CX, CY);
    static final double OFF = 200;

    static float line(double d) {
        return (float) (0.8 * Math.exp(-d * d / 2.0));
    }

    /** Ideal image: lines through the centre (horizontal and vertical) and a horizontal line OFF px above. */
    static FloatImage lines() {
        FloatImage img = FloatImage.filled(W, H, 0.1f, 0.1f, 0.1f);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float v = 0.1f + Math.max(line(y - CY), Math.max(line(x - CX), line(y - (CY - OFF))));
                int i = y * W + x;
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v;
            }
        }
        return img;
    }

    static double rowCentroid(float[] p, int x, double yGuess) {
        double s = 0;
        double sy = 0;
        for (int y = (int) yGuess - 6; y <= (int) yGuess + 7; y++) {
            double v = p[y * W + x] - 0.1;
            s += v;
            sy += v * y;
        }
        return sy / s;
    }

    static double colCentroid(float[] p, int y, double xGuess) {
        double s = 0;
        double sx = 0;
        for (int x = (int) xGuess - 6; x <= (int) xGuess + 7; x++) {
            double v = p[y * W + x] - 0.1;
            s += v;
            sx += v * x;
        }
        return sx / s;
    }

    /** Predicted output row of the ideal line y_u = CY - OFF at output column x, by the forward model. */
    static double[] predictedOffCentreLine(Distortion model) {
        double z = model.zoom(W, H);
        double[] ys = new double[W];
        double[] bestErr = new double[W];
        java.util.Arrays.fill(bestErr, Double.MAX_VALUE);
        for (int k = -40000; k <= 40000; k++) {
            double xu = CX + k * 0.02;
            double ux = (xu - CX) / RC;
            double uy = -OFF / RC;
            double ru = Math.hypot(ux, uy);
            double s = z * model.forward(ru) / ru;
            double xo = CX + ux * s * RC;
            double yo = CY + uy * s * RC;
            int xi = (int) Math.round(xo);
            if (xi >= 0 && xi < W && Math.abs(xo - xi) < bestErr[xi]) {
                bestErr[xi] = Math.abs(xo - xi);
                ys[xi] = yo;
            }
        }
        return ys;
    }

    /** Whether the measured off-centre line follows the prediction within 0.25 px and its bend within 5 %. */
    static boolean bendsAsDeclared(FloatImage out, double[] predicted) {
        float[] g = out.green();
        int mid = (int) Math.round(CX);
        for (int x = 40; x < W - 40; x++) {
            if (Math.abs(x - CX) < 8) {
                continue; // the vertical line crosses here
            }
            if (Math.abs(rowCentroid(g, x, predicted[x]) - predicted[x]) > 0.25) {
                return false;
            }
        }
        double bend = rowCentroid(g, 40, predicted[40]) - rowCentroid(g, mid - 20, predicted[mid - 20]);
        double declared = predicted[40] - predicted[mid - 20];
        return Math.abs(bend - declared) <= 0.05 * Math.abs(declared);
    }

    @Test
    void linesThroughTheCentreStayStraightAndOthersBendByTheModel() {
        for (double[] k : new double[][] {{-0.08, 0.01}, {0.06, 0}}) {
            Distortion d = new Distortion(k[0], k[1]);
            FloatImage out = d.apply(lines(), CTX);
            float[] g = out.green();
            for (int x = 20; x < W - 20; x++) {
                if (Math.abs(x - CX) > 8) {
                    assertTrue(Math.abs(rowCentroid(g, x, CY) - CY) < 0.1, "horizontal centre line at x " + x);
                }
            }
            for (int y = 20; y < H - 20; y++) {
                if (Math.abs(y - CY) > 8 && Math.abs(y - (CY - OFF)) > 40) {
                    assertTrue(Math.abs(colCentroid(g, y, CX) - CX) < 0.1, "vertical centre line at y " + y);
                }
            }
            assertTrue(bendsAsDeclared(out, predictedOffCentreLine(d)), "off-centre line, k1 " + k[0]);
        }
    }

    @Test
    void theBendCheckRejectsAnotherAmount() {
        FloatImage out = new Distortion(-0.04, 0.01).apply(lines(), CTX);
        assertFalse(bendsAsDeclared(out, predictedOffCentreLine(new Distortion(-0.08, 0.01))));
    }

    static boolean everyPixelReadsInsideTheSource(Distortion d) {
        float[] src = d.sourceCoordinates(W, H);
        for (int i = 0; i < src.length; i += 2) {
            if (src[i] < -1e-3 || src[i] > W - 1 + 1e-3 || src[i + 1] < -1e-3 || src[i + 1] > H - 1 + 1e-3) {
                return false;
            }
        }
        return true;
    }

    @Test
    void noOutputPixelReadsFromOutsideTheImage() {
        for (double[] k : new double[][] {{-0.2, 0.05}, {-0.05, 0}, {0.15, 0}, {0.1, -0.05}, {-0.3, 0.1}}) {
            assertTrue(everyPixelReadsInsideTheSource(new Distortion(k[0], k[1])), "k1 " + k[0] + " k2 " + k[1]);
        }
        // negative control: barrel without the automatic zoom pulls the border in
        assertFalse(everyPixelReadsInsideTheSource(new Distortion(-0.05, 0, false)));
        // a flat image stays flat: nothing undefined creeps in at the border
        FloatImage flat = FloatImage.filled(W, H, 0.3f, 0.3f, 0.3f);
        FloatImage out = new Distortion(-0.2, 0.05).apply(flat, CTX);
        for (float v : out.red()) {
            assertTrue(Math.abs(v - 0.3f) < 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> new Distortion(-0.4, -0.2));
    }
}
