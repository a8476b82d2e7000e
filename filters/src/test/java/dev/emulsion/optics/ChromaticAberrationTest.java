package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChromaticAberrationTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(2));
    static final int W = 900;
    static final int H = 600;
    static final double CX = (W - 1) / 2.0;
    static final double CY = (H - 1) / 2.0;
    static final double RC = Math.hypot(CX, CY);
    static final int STEP = 60;
    static final float BG = 0.05f;

    /** A grid of small Gaussian dots, the same in R, G and B, one exactly on the optical axis. */
    static FloatImage dots() {
        FloatImage img = FloatImage.filled(W, H, BG, BG, BG);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double gx = CX + STEP * Math.round((x - CX) / STEP);
                double gy = CY + STEP * Math.round((y - CY) / STEP);
                double d2 = (x - gx) * (x - gx) + (y - gy) * (y - gy);
                float v = BG + (float) (0.8 * Math.exp(-d2 / (2 * 1.5 * 1.5)));
                int i = y * W + x;
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v;
            }
        }
        return img;
    }

    static double[] centroid(float[] p, double gx, double gy) {
        double s = 0;
        double sx = 0;
        double sy = 0;
        for (int y = (int) gy - 7; y <= (int) gy + 8; y++) {
            for (int x = (int) gx - 7; x <= (int) gx + 8; x++) {
                if (x < 0 || y < 0 || x >= W || y >= H) {
                    continue;
                }
                double v = p[y * W + x] - BG;
                s += v;
                sx += v * x;
                sy += v * y;
            }
        }
        return new double[] {sx / s, sy / s};
    }

    /**
     * Measures, for every dot, the radial displacement of a channel against green and checks it: below
     * 0.05 px on the axis and within 10 % of the declared value at the outermost (corner) dots.
     *
     * @return whether the check passes
     */
    static boolean displacementMatches(FloatImage out, int channel, double cornerDeclaredPx, double cubicShare) {
        double[] axisG = centroid(out.green(), CX, CY);
        double[] axisC = centroid(out.plane(channel), CX, CY);
        if (Math.hypot(axisC[0] - axisG[0], axisC[1] - axisG[1]) >= 0.05) {
            return false;
        }
        for (int sx : new int[] {-1, 1}) {
            for (int sy : new int[] {-1, 1}) {
                double gx = CX + sx * STEP * 7;
                double gy = CY + sy * STEP * 4;
                double[] g = centroid(out.green(), gx, gy);
                double[] c = centroid(out.plane(channel), gx, gy);
                double rx = g[0] - CX;
                double ry = g[1] - CY;
                double rr = Math.hypot(rx, ry);
                double radial = ((c[0] - g[0]) * rx + (c[1] - g[1]) * ry) / rr;
                double r = rr / RC;
                double declared = cornerDeclaredPx * ((1 - cubicShare) * r + cubicShare * r * r * r);
                if (Math.abs(radial - declared) > 0.1 * Math.abs(declared)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void redAndBlueAreDisplacedByTheDeclaredAmountAndGreenIsUntouched() {
        FloatImage in = dots();
        FloatImage out = new ChromaticAberration("linear", 2.0, -1.5, "px", 0).apply(in, CTX);
        assertTrue(displacementMatches(out, 0, 2.0, 0), "red, linear");
        assertTrue(displacementMatches(out, 2, -1.5, 0), "blue, linear");
        assertArrayEquals(in.green(), out.green(), "green bit for bit");
        assertEquals(0, Float.compare(in.green()[12345], out.green()[12345]));

        FloatImage poly = new ChromaticAberration("poly3", 3.0, -2.0, "px", 0.7).apply(in, CTX);
        assertTrue(displacementMatches(poly, 0, 3.0, 0.7), "red, poly3");
        assertTrue(displacementMatches(poly, 2, -2.0, 0.7), "blue, poly3");

        // µm on film: 900 px across 36 mm is 40 µm per pixel
        double pitch = CTX.pixelPitchMicrons(W, H);
        FloatImage um = new ChromaticAberration(2.0 * pitch, -1.5 * pitch).apply(in, CTX);
        assertTrue(displacementMatches(um, 0, 2.0, 0), "red in µm");
        assertEquals(2.0, new ChromaticAberration(2.0 * pitch, 0).displacementPx(0, 1, W, H, CTX), 1e-9);
    }

    @Test
    void theDisplacementCheckRejectsAUniformShiftAndAUnitMistake() {
        FloatImage in = dots();
        // a whole-plane shift (misregistration, not a lens): wrong at the centre
        FloatImage shifted = in.copy();
        float[] wx = new float[4];
        float[] wy = new float[4];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                shifted.red()[y * W + x] = Resample.sample(in.red(), W, H, x - 1.8f, y, true, wx, wy);
            }
        }
        assertFalse(displacementMatches(shifted, 0, 2.0, 0));
        // px taken as µm: 40 times too small at the corner
        FloatImage tiny = new ChromaticAberration("linear", 2.0, -1.5, "um", 0).apply(in, CTX);
        assertFalse(displacementMatches(tiny, 0, 2.0, 0));
        // the linear model checked against a cubic declaration
        FloatImage lin = new ChromaticAberration("linear", 3.0, -2.0, "px", 0).apply(in, CTX);
        assertFalse(displacementMatches(lin, 0, 3.0, 1.0));
    }

    static FloatImage checker() {
        FloatImage img = FloatImage.create(W, H, false);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float v = ((x / 37 + y / 37) & 1) == 0 ? 0.1f : 0.9f;
                int i = y * W + x;
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v;
            }
        }
        return img;
    }

    /** @return the largest overshoot beyond [0.1, 0.9] as a fraction of the 0.8 step, over red and blue */
    static double overshoot(FloatImage out) {
        double worst = 0;
        for (float[] p : new float[][] {out.red(), out.blue()}) {
            for (float v : p) {
                worst = Math.max(worst, Math.max(v - 0.9, 0.1 - v) / 0.8);
            }
        }
        return worst;
    }

    @Test
    void hardEdgesDoNotRing() {
        FloatImage out = new ChromaticAberration("linear", 2.3, -1.7, "px", 0).apply(checker(), CTX);
        assertTrue(overshoot(out) <= 0.02, "overshoot " + overshoot(out));
    }

    @Test
    void theRingingCheckRejectsPlainBicubic() {
        Stage plain = new ChromaticAberration("linear", 2.3, -1.7, "px", 0, false);
        double o = overshoot(plain.apply(checker(), CTX));
        assertTrue(o > 0.02, "plain Catmull-Rom rings by " + o);
    }

    @Test
    void sameResultAtAnyThreadCountAndValidated() {
        FloatImage in = checker();
        Stage ca = new ChromaticAberration(30, -20);
        FloatImage a = ca.apply(in, CTX.withScheduler(StripScheduler.sequential()));
        FloatImage b = ca.apply(in, CTX.withScheduler(StripScheduler.ofThreads(4)));
        assertArrayEquals(a.red(), b.red());
        assertArrayEquals(a.blue(), b.blue());
        assertThrows(IllegalArgumentException.class, () -> new ChromaticAberration("cubic", 1, 1, "px", 0));
        assertThrows(IllegalArgumentException.class, () -> new ChromaticAberration(300, 0));
    }
}
