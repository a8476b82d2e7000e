package dev.emulsion.grain;

import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.emulsion.grain.GrainStats.ctx;
import static dev.emulsion.grain.GrainStats.densityResidual;
import static dev.emulsion.grain.GrainStats.grey;
import static dev.emulsion.grain.GrainStats.lagCorrelation;
import static dev.emulsion.grain.GrainStats.sigma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The templated grain of large images (blocks reading one pre-filtered template at hashed offsets,
 * cross-faded at their edges) against the grain filtered at the image's own coordinates: the same σ and
 * spatial correlation, no seams, the same output at any thread count. The property tests in
 * {@link GrainStatisticsTest} run on both paths (their large images are templated, their small ones not).
 */
class GrainTemplateTest {
    static final int W = 3000;
    static final int H = 2000;
    /** Pixel pitch of a 3000 px 35 mm frame in µm. */
    static final double PITCH = 36000.0 / W;
    /** Coarse clumps (about 3 px here), so that the correlation the comparison checks is strong. */
    static final Grain CLUMPY_MONO = Grain.builder().granularity(17).mono().clumpSize(36).build();
    static final Grain CLUMPY_COLOUR = Grain.builder().granularity(4).clumpSize(36).build();

    /** σ of the values in each phase {@code (i + shift) mod period} of columns (or rows), relative to the mean. */
    static double[] phaseSigma(float[] v, int w, int h, int period, int shift, boolean columns) {
        double[] s = new double[period];
        double[] s2 = new double[period];
        long[] n = new long[period];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = Math.floorMod((columns ? x : y) + shift, period);
                double d = v[y * w + x];
                s[p] += d;
                s2[p] += d * d;
                n[p]++;
            }
        }
        double[] sig = new double[period];
        double mean = 0;
        for (int p = 0; p < period; p++) {
            double m = s[p] / n[p];
            sig[p] = Math.sqrt(s2[p] / n[p] - m * m);
            mean += sig[p] / period;
        }
        for (int p = 0; p < period; p++) {
            sig[p] /= mean;
        }
        return sig;
    }

    /** Every phase's σ within 5 % of the mean: no seam, no dip in the cross-fades. */
    static boolean seamless(double[] rel, StringBuilder log) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double r : rel) {
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        log.append(String.format(" σ by phase %.3f…%.3f", lo, hi));
        return lo > 0.95 && hi < 1.05;
    }

    @Test
    void blocksAreCrossFadedWithoutAChangeOfSigma() {
        FloatImage in = grey(W, H, 0.1f);
        GrainRenderer plan = GrainStatisticsTest.TRI_X.plan(PITCH, 21, W, H, true);
        assertTrue(plan.templated(), "a 6 MP image reads templates");
        int b = plan.block();
        int ov = plan.overlap();
        float[] d = densityResidual(in.green(), GrainStatisticsTest.TRI_X.apply(in, ctx(21, 2)).green());
        StringBuilder log = new StringBuilder("templated grain, block " + b + ", overlap " + ov + ":");
        boolean ok = seamless(phaseSigma(d, W, H, b, ov, true), log.append(" columns"))
                & seamless(phaseSigma(d, W, H, b, ov, false), log.append("; rows"));
        System.out.println(log);
        assertTrue(ok, log.toString());

        // Negative control: the same blocks cross-faded linearly (weights 1 − u and u, whose squares do not
        // sum to 1) lose up to 29 % of σ in the middle of every overlap.
        SplittableRandom r = new SplittableRandom(5);
        float[] a = new float[W * H];
        for (int y = 0; y < H; y++) {
            float[] own = new float[W];
            float[] left = new float[W];
            for (int x = 0; x < W; x++) {
                own[x] = (float) r.nextGaussian();
                left[x] = (float) r.nextGaussian();
            }
            for (int x = 0; x < W; x++) {
                int u = (x + ov) % b;
                double wo = u < ov ? (u + 0.5) / ov : 1;
                a[y * W + x] = (float) (wo * own[x] + (1 - wo) * left[x]);
            }
        }
        StringBuilder lb = new StringBuilder("linear cross-fade:");
        assertFalse(seamless(phaseSigma(a, W, H, b, ov, true), lb), lb.toString());
        System.out.println(lb);
    }

    @Test
    void templatedGrainHasTheSigmaAndCorrelationOfTheFilteredField() {
        FloatImage in = grey(W, H, 0.1f);
        for (Grain g : new Grain[] {CLUMPY_MONO, CLUMPY_COLOUR}) {
            float[] t = densityResidual(in.green(), g.render(in, ctx(22, 2), true).green());
            float[] f = densityResidual(in.green(), g.render(in, ctx(22, 2), false).green());
            StringBuilder log = new StringBuilder(g.isMono() ? "mono:" : "colour:");
            assertTrue(sameField(t, f, log), log.toString());
            System.out.println(log);
        }
        // Negative control: white noise of the same σ (the correlation over the clump lost).
        float[] f = densityResidual(in.green(), CLUMPY_MONO.render(in, ctx(22, 2), false).green());
        float[] white = GrainStats.whiteNoise(W * H, 9);
        double s = sigma(f);
        for (int i = 0; i < white.length; i++) {
            white[i] *= (float) s;
        }
        StringBuilder lw = new StringBuilder("white noise:");
        assertFalse(sameField(white, f, lw), lw.toString());
        System.out.println(lw);
    }

    /** σ within 3 % and the correlations at lags 1 and 2 within 0.03 of the reference's. */
    static boolean sameField(float[] v, float[] ref, StringBuilder log) {
        double rs = sigma(v) / sigma(ref);
        double d1 = lagCorrelation(v, W, H, 1) - lagCorrelation(ref, W, H, 1);
        double d2 = lagCorrelation(v, W, H, 2) - lagCorrelation(ref, W, H, 2);
        log.append(String.format(" σ ratio %.4f, Δ lag-1 correlation %.4f, Δ lag-2 %.4f", rs, d1, d2));
        return Math.abs(rs - 1) < 0.03 && Math.abs(d1) < 0.03 && Math.abs(d2) < 0.03;
    }

    @Test
    void bothPathsRepeatAtAnyThreadCount() {
        for (int[] size : new int[][] {{W, 1200}, {700, 500}}) {
            FloatImage in = GrainTest.noisy(size[0], size[1], false);
            for (Grain g : new Grain[] {GrainStatisticsTest.TRI_X, GrainStatisticsTest.COLOUR}) {
                FloatImage one = g.apply(in, ctx(23, 1));
                for (int t : new int[] {2, 8}) {
                    FloatImage many = g.apply(in, ctx(23, t));
                    for (int c = 0; c < 3; c++) {
                        assertArrayEquals(one.plane(c), many.plane(c), size[0] + " px, channel " + c + ", " + t);
                    }
                }
            }
        }
        assertTrue(GrainStatisticsTest.TRI_X.plan(PITCH, 1, W, 1200, true).templated());
        assertFalse(GrainStatisticsTest.TRI_X.plan(36000.0 / 700, 1, 700, 500, true).templated());
    }
}
