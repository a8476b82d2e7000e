package dev.emulsion.optics;

import dev.emulsion.chain.StripScheduler;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlurTest {
    static final StripScheduler ONE = StripScheduler.sequential();

    /** Variance of the impulse response along x and y, and its total. */
    static double[] moments(float[] p, int w, int h, int cx, int cy) {
        double s = 0;
        double vx = 0;
        double vy = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = p[y * w + x];
                s += v;
                vx += v * (x - cx) * (x - cx);
                vy += v * (y - cy) * (y - cy);
            }
        }
        return new double[] {vx / s, vy / s, s};
    }

    @Test
    void impulseResponseHasTheDeclaredVarianceAndUnitSum() {
        for (double sigma : new double[] {1.0, 1.7, 2.9, 3.1, 7.5, 12, 30, 55}) {
            int n = (int) (sigma * 14) + 41;
            int c = n / 2;
            float[] p = new float[n * n];
            p[c * n + c] = 1f;
            float[] out = new float[n * n];
            Blur.gaussian(p, out, n, n, sigma, ONE);
            double[] m = moments(out, n, n, c, c);
            assertEquals(1.0, m[2], 1e-4, "sum at sigma " + sigma);
            assertEquals(sigma * sigma, m[0], 0.01 * sigma * sigma, "x variance at sigma " + sigma);
            assertEquals(sigma * sigma, m[1], 0.01 * sigma * sigma, "y variance at sigma " + sigma);
            if (sigma >= 2 * Blur.PYRAMID_MIN_SIGMA) {
                // the pyramid: variance averaged over the phases of the low-resolution grid
                int f = Blur.pyramidFactor(sigma);
                double vx = 0;
                double vy = 0;
                double sum = 0;
                for (int ph = 0; ph < f; ph++) {
                    float[] q = new float[n * n];
                    q[(c + ph) * n + c + ph] = 1f;
                    Blur.gaussianFast(q, q, n, n, sigma, ONE);
                    double[] mm = moments(q, n, n, c + ph, c + ph);
                    vx += mm[0] / f;
                    vy += mm[1] / f;
                    sum += mm[2] / f;
                }
                assertEquals(1.0, sum, 0.01, "pyramid sum at sigma " + sigma);
                assertEquals(sigma * sigma, vx, 0.02 * sigma * sigma, "pyramid x variance at sigma " + sigma);
                assertEquals(sigma * sigma, vy, 0.02 * sigma * sigma, "pyramid y variance at sigma " + sigma);
            }
        }
    }

    @Test
    void belowOnePixelTheKernelHasTheGaussianMtf() {
        // exact at 0, 1/4 and 1/2 cycles per pixel; a 5-tap kernel cannot follow the roll-off closer than
        // about 0.07 in between
        for (double sigma : new double[] {0.2, 0.4, 0.6, 0.9}) {
            float[] k = Blur.kernel(sigma);
            int r = k.length / 2;
            double sum = 0;
            for (float v : k) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-6);
            for (double f : new double[] {0.1, 0.2, 0.25, 0.3, 0.4, 0.5}) {
                double h = 0;
                for (int i = -r; i <= r; i++) {
                    h += k[i + r] * Math.cos(2 * Math.PI * f * i);
                }
                double g = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * f * f);
                assertEquals(g, h, 0.07, "MTF at " + f + " c/px, sigma " + sigma);
            }
        }
    }

    @Test
    void flatStaysFlatAndResultDoesNotDependOnThreads() {
        int w = 333;
        int h = 217;
        float[] flat = new float[w * h];
        java.util.Arrays.fill(flat, 0.37f);
        float[] o = new float[w * h];
        Blur.gaussian(flat, o, w, h, 9, ONE);
        for (float v : o) {
            assertEquals(0.37f, v, 1e-5f);
        }
        float[] noise = new float[w * h];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextDouble();
        }
        for (double sigma : new double[] {1.2, 6, 25}) {
            float[] a = new float[w * h];
            float[] b = new float[w * h];
            Blur.gaussianFast(noise, a, w, h, sigma, ONE);
            Blur.gaussianFast(noise, b, w, h, sigma, StripScheduler.ofThreads(3));
            assertArrayEquals(a, b, "sigma " + sigma);
        }
    }

    @Test
    void aBoxOfTheWrongSizeIsRejectedByTheVarianceCheck() {
        // negative control: a plain box of radius round(sigma) has the wrong variance and the check sees it
        double sigma = 10;
        Blur.Box wrong = new Blur.Box(Math.round(sigma) * (Math.round(sigma) + 1) / 3.0);
        double var = Blur.PASSES * wrong.r * (wrong.r + 1) / 3.0;
        assertTrue(Math.abs(var - sigma * sigma) > 0.01 * sigma * sigma, "a box cascade of radius sigma is too wide");
    }
}
