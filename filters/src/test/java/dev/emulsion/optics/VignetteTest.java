package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.image.SrgbTransfer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VignetteTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(7).withScheduler(StripScheduler.ofThreads(2));
    static final int W = 600;
    static final int H = 400;
    static final double DIAG = CTX.format().diagonalMm();

    /** Normalized radius of pixel (x, y) of a centred, circular vignette: 1 at the corner pixel centres. */
    static double radius(int x, int y) {
        double cx = (W - 1) / 2.0;
        double cy = (H - 1) / 2.0;
        return Math.hypot(x - cx, y - cy) / Math.hypot(cx, cy);
    }

    /** Largest relative deviation of out/in from the declared gain, over every pixel of a flat image. */
    static double worstProfileError(FloatImage in, FloatImage out, Vignette declared) {
        double worst = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double g = out.green()[i] / in.green()[i];
                double e = declared.gain(radius(x, y), DIAG);
                worst = Math.max(worst, Math.abs(g / e - 1));
            }
        }
        return worst;
    }

    /** Whether the gain along the diagonal never rises (for a darkening vignette). */
    static boolean monotonic(FloatImage in, FloatImage out) {
        double prev = Double.MAX_VALUE;
        int n = Math.min(W, H) / 2;
        for (int k = 0; k < n; k++) {
            int x = W / 2 + k * (W / 2 - 1) / n;
            int y = H / 2 + k * (H / 2 - 1) / n;
            double g = out.green()[y * W + x] / in.green()[y * W + x];
            if (g > prev * (1 + 1e-6)) {
                return false;
            }
            prev = g;
        }
        return true;
    }

    @Test
    void flatImageFollowsTheDeclaredModelAndReachesTheCornerEv() {
        FloatImage in = FloatImage.filled(W, H, 0.4f, 0.4f, 0.4f);
        for (double amount : new double[] {-0.5, -1.5, -3}) {
            Vignette v = new Vignette(amount, 28, -0.1, 0.05, 0, false, 0, 0, 1, false);
            FloatImage out = v.apply(in, CTX);
            double err = worstProfileError(in, out, v);
            assertTrue(err < 0.01, "profile error " + err + " at " + amount + " EV");
            double corner = Math.log(out.green()[0] / in.green()[0]) / Math.log(2);
            assertEquals(amount, corner, 0.05, "corner EV");
            assertEquals(0.0, Math.log(out.green()[(H / 2) * W + W / 2] / 0.4f) / Math.log(2), 0.01, "centre EV");
            assertTrue(monotonic(in, out), "monotonic at " + amount);
            assertArrayEquals(out.red(), out.green(), "neutral stays neutral");
        }
        // physical mode: the model's own cos^4 law (a 24 mm lens on 35 mm: corner at cos^4 of 42 degrees)
        Vignette phys = new Vignette(0, 24, 0, 0, 0, true, 0, 0, 1, false);
        FloatImage out = phys.apply(in, CTX);
        double theta = Math.atan(DIAG / 2 / 24);
        assertEquals(Math.pow(Math.cos(theta), 4), out.green()[0] / 0.4, 0.002);
        assertTrue(worstProfileError(in, out, phys) < 0.01);
    }

    @Test
    void theProfileCheckRejectsAVignetteMultipliedInGammaSpace() {
        // negative control: the same gain applied to sRGB-encoded values gives a different linear profile
        FloatImage in = FloatImage.filled(W, H, 0.4f, 0.4f, 0.4f);
        Vignette v = new Vignette(-1.5, 28, 0, 0, 0, false, 0, 0, 1, false);
        FloatImage wrong = in.copy();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                double enc = SrgbTransfer.encodeExact(in.green()[i]) * v.gain(radius(x, y), DIAG);
                wrong.green()[i] = (float) SrgbTransfer.decodeExact(enc);
            }
        }
        assertTrue(worstProfileError(in, wrong, v) > 0.01);
        double corner = Math.log(wrong.green()[0] / in.green()[0]) / Math.log(2);
        assertTrue(Math.abs(corner + 1.5) > 0.05, "gamma-space corner EV is off: " + corner);
        // and a profile with a bump is caught by the monotonicity check
        FloatImage bumpy = new Vignette(-1, 50, 0.8, -0.2, 0, true, 0, 0, 1, false).apply(in, CTX);
        assertFalse(monotonic(in, bumpy));
    }

    /**
     * Largest mean 8-bit code error over 1-px rings (radius 40 px to the short half-side) against the exact,
     * declared result. A staircase (bands) leaves whole rings up to half a code off; dithered output averages
     * to the exact value.
     */
    static double ringBanding(FloatImage in, BufferedImage out8, Vignette declared) {
        Raster r = out8.getRaster();
        double cx = (W - 1) / 2.0;
        double cy = (H - 1) / 2.0;
        int rings = H / 2;
        double[] err = new double[rings];
        int[] count = new int[rings];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int k = (int) Math.hypot(x - cx, y - cy);
                if (k >= 40 && k < rings) {
                    double exact = SrgbTransfer.encodeExact(in.green()[y * W + x] * declared.gain(radius(x, y), DIAG)) * 255;
                    err[k] += r.getSample(x, y, 1) - exact;
                    count[k]++;
                }
            }
        }
        double worst = 0;
        for (int k = 40; k < rings; k++) {
            worst = Math.max(worst, Math.abs(err[k] / count[k]));
        }
        return worst;
    }

    static FloatImage gradient() {
        // a flat field under a strong vignette is a smooth radial gradient, where bands would show as rings
        FloatImage in = FloatImage.create(W, H, false);
        java.util.Arrays.fill(in.red(), 0.3f);
        java.util.Arrays.fill(in.green(), 0.3f);
        java.util.Arrays.fill(in.blue(), 0.3f);
        return in;
    }

    @Test
    void strongVignetteOnASmoothGradientShowsNoBandingIn8Bit() {
        FloatImage in = gradient();
        Vignette v = new Vignette(-3, 35, 0, 0, 0, false, 0, 0, 1, false);
        BufferedImage out8 = ImageConversion.toBufferedImage(v.apply(in, CTX), 8, 11);
        double banding = ringBanding(in, out8, v);
        assertTrue(banding < 0.15, "block-mean code error " + banding);
    }

    @Test
    void theBandingCheckRejectsUnditheredOutputAndACoarseTable() {
        FloatImage in = gradient();
        Vignette v = new Vignette(-3, 35, 0, 0, 0, false, 0, 0, 1, false);
        FloatImage out = v.apply(in, CTX);
        BufferedImage rounded = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = (int) Math.round(SrgbTransfer.encodeExact(out.green()[y * W + x]) * 255);
                rounded.getRaster().setSample(x, y, 1, c);
            }
        }
        assertTrue(ringBanding(in, rounded, v) > 0.15, "rounding without dither bands");
        Vignette coarse = new Vignette(-3, 35, 0, 0, 0, false, 0, 0, 1, false, 16);
        BufferedImage stepped = ImageConversion.toBufferedImage(coarse.apply(in, CTX), 8, 11);
        assertTrue(ringBanding(in, stepped, v) > 0.15, "a 16-step gain table bands");
    }

    @Test
    void highlightPreserveKeepsWhiteAndOffsetMovesTheAxis() {
        FloatImage in = FloatImage.filled(W, H, 1f, 1f, 1f);
        FloatImage kept = new Vignette(-2, 50, 0, 0, 0, false, 0, 0, 1, true).apply(in, CTX);
        assertEquals(1f, kept.green()[0], 1e-6f);
        FloatImage grey = FloatImage.filled(W, H, 0.2f, 0.2f, 0.2f);
        FloatImage shifted = new Vignette(-2, 50, 0, 0, 0, false, 0.5, 0, 1, false).apply(grey, CTX);
        int row = H / 2 * W;
        int brightest = 0;
        for (int x = 1; x < W; x++) {
            if (shifted.green()[row + x] > shifted.green()[row + brightest]) {
                brightest = x;
            }
        }
        assertEquals((W - 1) / 2.0 * 1.5, brightest, 1.0, "axis moved right by half the half-width");
        FloatImage oval = new Vignette(-2, 50, 0, 0, 0, false, 0, 0, 0, false).apply(grey, CTX);
        // roundness 0: the middle of the top edge and of the side edge sit at the same r (frame-shaped)
        assertEquals(oval.green()[W / 2], oval.green()[(H / 2) * W], 2e-3f);
        assertThrows(IllegalArgumentException.class, () -> new Vignette(-7));
        assertThrows(IllegalArgumentException.class, () -> new Vignette(-1, 50, -2, 0, 0, false, 0, 0, 1, false));
    }

    /** The gain table prepare() builds for a centred, circular frame (r² from 0 to 1 over n steps). */
    static float[] table(Vignette v, int n) {
        float[] t = new float[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = (float) v.gain(Math.sqrt((double) i / n), DIAG);
        }
        return t;
    }

    @Test
    void thePolynomialGainIsUsedForSmoothProfilesAndKeepsTheModel() {
        FloatImage in = FloatImage.filled(W, H, 0.4f, 0.4f, 0.4f);
        Vignette[] smooth = {
            new Vignette(-0.35, 50, 0, 0, 0, false, 0, 0, 1, false),
            new Vignette(-3, 35, 0, 0, 0, false, 0, 0, 1, false),
            new Vignette(-2, 24, 0.1, 0, 0, false, 0, 0, 1, false),
            new Vignette(1.5, 200, 0, 0, 0, false, 0, 0, 1, false)
        };
        for (Vignette v : smooth) {
            FloatImage out = v.apply(in, CTX);
            assertTrue(v.polynomialUsed, "polynomial kernel for " + v.params());
            double err = worstProfileError(in, out, v);
            assertTrue(err < 3e-4, "worst relative error " + err + " for " + v.params());
        }
        // negative control: a polynomial of too low a degree misses a strong profile, and the fit says so
        float[] strong = table(smooth[1], 4096);
        assertTrue(Vignette.fitPolynomial(strong, 4096) != null);
        assertTrue(Vignette.fitPolynomial(strong, 4096, 2) == null, "a quadratic cannot follow -3 EV at 35 mm");
        // a profile the polynomial cannot follow falls back to the table, and still follows the model
        Vignette bent = new Vignette(-6, 8, 0.3, -0.2, 0.05, false, 0, 0, 1, false);
        FloatImage out = bent.apply(in, CTX);
        assertFalse(bent.polynomialUsed, "-6 EV at 8 mm is beyond the degree-8 fit");
        assertTrue(worstProfileError(in, out, bent) < 0.01, "table kernel follows the model");
    }
}
