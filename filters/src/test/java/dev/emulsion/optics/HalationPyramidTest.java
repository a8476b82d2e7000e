package dev.emulsion.optics;

import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pyramid paths of {@link Halation} for glows of a few pixels (where a small image, e.g. 2 MP, puts the
 * film's 50-65 µm spread) against the exact multi-bounce cascade at full resolution.
 */
class HalationPyramidTest {
    static final double[] SPREAD = HalationTest.SPREAD;
    static final double[] NONE = Halation.AntiHalation.NONE.strength();

    /** Dark frame (600 × 400 px, 60 µm per pixel) with small bright lights at odd sub-block positions and a bright bar. */
    static FloatImage lights() {
        int w = 600;
        int h = 400;
        FloatImage img = FloatImage.filled(w, h, 0.02f, 0.02f, 0.02f);
        int[][] spots = {{151, 100, 1}, {302, 101, 0}, {450, 203, 2}, {97, 305, 3}, {333, 290, 1}};
        for (int[] s : spots) {
            for (int y = s[1] - s[2]; y <= s[1] + s[2]; y++) {
                for (int x = s[0] - s[2]; x <= s[0] + s[2]; x++) {
                    int i = y * w + x;
                    img.red()[i] = 6f;
                    img.green()[i] = 5f;
                    img.blue()[i] = 4f;
                }
            }
        }
        for (int y = 200; y < 206; y++) {
            for (int x = 40; x < 260; x++) {
                img.red()[y * w + x] = 2f;
                img.green()[y * w + x] = 2f;
                img.blue()[y * w + x] = 2f;
            }
        }
        return img;
    }

    /**
     * RMS difference of two outputs' glows over the pixels that are not sources, as a fraction of the
     * reference glow's RMS there; the worst channel.
     */
    static double relativeError(FloatImage in, FloatImage fast, FloatImage ref) {
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            double glow = 0;
            double diff = 0;
            float[] e = in.plane(c);
            for (int i = 0; i < e.length; i++) {
                if (e[i] < 1f) {
                    double g = ref.plane(c)[i] - e[i];
                    double d = fast.plane(c)[i] - ref.plane(c)[i];
                    glow += g * g;
                    diff += d * d;
                }
            }
            worst = Math.max(worst, Math.sqrt(diff / glow));
        }
        return worst;
    }

    static double error(double spread) {
        FloatImage in = lights();
        FloatImage fast = new Halation(spread, SPREAD, NONE, 3, 0.6, 3).apply(in, HalationTest.CTX);
        FloatImage ref = new Halation(spread, SPREAD, NONE, 3, 0.6, 3, true, true).apply(in, HalationTest.CTX);
        return relativeError(in, fast, ref);
    }

    /**
     * The bound: the fast paths stay within {@value #TOLERANCE} (measured 0.088 / 0.045 / 0.040 / 0.084 at the
     * four spreads), while dropping the multi-bounce tail (one bounce: 0.14) or a glow 25 % narrower (0.21)
     * is rejected.
     */
    static final double TOLERANCE = 0.11;

    @Test
    void thePyramidPathsMatchTheExactCascade() {
        // blue, the narrowest glow, at 1.5 px (factor 2 below the pyramid), 2, 3 and 4 px (factors 2, 3, 5)
        for (double s : new double[] {150, 200, 300, 400}) {
            double err = error(s);
            assertTrue(err < TOLERANCE, "spread " + s + " µm at 60 µm per pixel: fast vs exact RMS " + err);
        }
    }

    @Test
    void theCheckRejectsAGlowWithoutItsTailOrTooNarrow() {
        FloatImage in = lights();
        double s = 300;
        FloatImage ref = new Halation(s, SPREAD, NONE, 3, 0.6, 3, true, true).apply(in, HalationTest.CTX);
        FloatImage oneBounce = new Halation(s, SPREAD, NONE, 1, 0.6, 3, true, true).apply(in, HalationTest.CTX);
        FloatImage narrower = new Halation(s * 0.75, SPREAD, NONE, 3, 0.6, 3, true, true).apply(in, HalationTest.CTX);
        double e1 = relativeError(in, oneBounce, ref);
        double e2 = relativeError(in, narrower, ref);
        assertTrue(e1 > TOLERANCE, "one bounce vs three: " + e1);
        assertTrue(e2 > TOLERANCE, "25 % narrower: " + e2);
    }
}
