package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BloomTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(2));
    static final int W = 1500;
    static final int H = 1000;
    static final int PX = 750;
    static final int PY = 500;
    static final double[] EDGES = {0, 3, 6, 12, 24, 48, 96, 192, 384};

    static FloatImage impulse() {
        FloatImage img = FloatImage.create(W, H, false);
        int i = PY * W + PX;
        img.red()[i] = 1000f;
        img.green()[i] = 1000f;
        img.blue()[i] = 1000f;
        return img;
    }

    /** Fraction of a unit point's light the output holds in each annulus [EDGES[k], EDGES[k+1]) px, core removed. */
    static double[] measuredAnnuli(FloatImage out, double strength) {
        double[] e = new double[EDGES.length - 1];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - PX, y - PY);
                double v = out.green()[y * W + x] / 1000.0;
                if (x == PX && y == PY) {
                    v -= 1 - strength;
                }
                for (int k = 0; k < e.length; k++) {
                    if (r >= EDGES[k] && r < EDGES[k + 1]) {
                        e[k] += v;
                    }
                }
            }
        }
        return e;
    }

    /** The same fractions for the declared PSF: {@link Bloom#psf} summed over the pixels of each annulus. */
    static double[] declaredAnnuli(double s, double halo, double tail, double tau) {
        Bloom declared = new Bloom(s, halo, tail, tau, 0);
        double p = CTX.pixelPitchMicrons(W, H);
        double[] e = new double[EDGES.length - 1];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - PX, y - PY);
                double v = declared.psf(r * p) * p * p;
                for (int k = 0; k < e.length; k++) {
                    if (r >= EDGES[k] && r < EDGES[k + 1]) {
                        e[k] += v;
                    }
                }
            }
        }
        return e;
    }

    /** Whether every annulus holds the declared share of light within 5 % of itself or 0.2 % of the total. */
    static boolean profileMatches(double[] measured, double[] declared) {
        for (int k = 0; k < measured.length; k++) {
            if (Math.abs(measured[k] - declared[k]) > Math.max(0.05 * declared[k], 0.002)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void radialProfileMatchesTheDeclaredPsfAndEnergyIsKept() {
        for (double[] prm : new double[][] {{0.2, 200, 1200, 0.35}, {0.3, 60, 600, 0.5}, {0.15, 400, 3000, 0.3}}) {
            Bloom bloom = new Bloom(prm[0], prm[1], prm[2], prm[3], 0);
            FloatImage in = impulse();
            FloatImage out = bloom.apply(in, CTX);
            double[] m = measuredAnnuli(out, prm[0]);
            double[] d = declaredAnnuli(prm[0], prm[1], prm[2], prm[3]);
            assertTrue(profileMatches(m, d), "annuli " + java.util.Arrays.toString(m) + " declared "
                    + java.util.Arrays.toString(d));
            for (int c = 0; c < 3; c++) {
                assertEquals(1.0, HalationTest.total(out.plane(c)) / HalationTest.total(in.plane(c)), 0.01);
            }
            // the declared psf() is the same function the annuli integrate
            double p = CTX.pixelPitchMicrons(W, H);
            double at10 = bloom.psf(10 * p) * p * p;
            double direct = prm[0] * ((1 - prm[3]) * Math.exp(-100 * p * p / (2 * prm[1] * prm[1])) / (2 * Math.PI * prm[1] * prm[1] / (p * p))
                    + prm[3] * Math.exp(-100 * p * p / (2 * prm[2] * prm[2])) / (2 * Math.PI * prm[2] * prm[2] / (p * p)));
            assertEquals(direct, at10, 1e-12);
        }
    }

    @Test
    void theProfileCheckRejectsAPsfWithoutItsTail() {
        FloatImage out = new Bloom(0.2, 200, 1200, 0.0, 0).apply(impulse(), CTX);
        assertFalse(profileMatches(measuredAnnuli(out, 0.2), declaredAnnuli(0.2, 200, 1200, 0.35)));
        // a single Gaussian of the mixture's variance is not the declared shape either
        double sv = Math.sqrt(0.65 * 200 * 200 + 0.35 * 1200 * 1200);
        FloatImage one = new Bloom(0.2, sv, sv, 0.0, 0).apply(impulse(), CTX);
        assertFalse(profileMatches(measuredAnnuli(one, 0.2), declaredAnnuli(0.2, 200, 1200, 0.35)));
    }

    @Test
    void energyIsKeptOnASceneAndTheCheckRejectsAnAddedGlow() {
        FloatImage in = HalationTest.texture(900, 600, 0.8f);
        for (int y = 280; y < 320; y++) {
            for (int x = 430; x < 470; x++) {
                in.red()[y * 900 + x] = 30f;
                in.green()[y * 900 + x] = 25f;
                in.blue()[y * 900 + x] = 20f;
            }
        }
        Bloom bloom = new Bloom(0.25, 150, 1500, 0.4, 0);
        FloatImage out = bloom.apply(in, CTX);
        for (int c = 0; c < 3; c++) {
            assertEquals(1.0, HalationTest.total(out.plane(c)) / HalationTest.total(in.plane(c)), 0.01);
        }
        // negative control: adding the scattered light on top (a screen-style glow) instead of moving it
        float[] added = out.red().clone();
        for (int i = 0; i < added.length; i++) {
            added[i] += 0.25f * in.red()[i];
        }
        assertTrue(HalationTest.total(added) / HalationTest.total(in.red()) > 1.01);
        // with the boost, the gain is exactly s·Σ(boosted − original)
        FloatImage clipped = FloatImage.filled(900, 600, 0.05f, 0.05f, 0.05f);
        for (int y = 280; y < 320; y++) {
            for (int x = 430; x < 470; x++) {
                clipped.green()[y * 900 + x] = 1f;
            }
        }
        FloatImage boosted = new Bloom(0.25, 150, 1500, 0.4, 4).apply(clipped, CTX);
        double extra = 40 * 40 * 1.0 * 4;
        double expected = HalationTest.total(clipped.green()) + 0.25 * extra;
        assertEquals(1.0, HalationTest.total(boosted.green()) / expected, 0.01);
    }

    @Test
    void sameResultAtAnyThreadCountAndValidated() {
        FloatImage in = HalationTest.texture(500, 300, 2f);
        Bloom bloom = new Bloom(0.2, 100, 800, 0.3, 2);
        FloatImage a = bloom.apply(in, CTX.withScheduler(StripScheduler.sequential()));
        FloatImage b = bloom.apply(in, CTX.withScheduler(StripScheduler.ofThreads(3)));
        assertArrayEquals(a.green(), b.green());
        assertThrows(IllegalArgumentException.class, () -> new Bloom(0.2, 500, 100, 0.3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bloom(1.5, 100, 800, 0.3, 0));
    }
}
