package dev.emulsion.grain;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;
import org.junit.jupiter.api.Test;

import static dev.emulsion.grain.GrainStats.boxSigma;
import static dev.emulsion.grain.GrainStats.correlation;
import static dev.emulsion.grain.GrainStats.ctx;
import static dev.emulsion.grain.GrainStats.densityResidual;
import static dev.emulsion.grain.GrainStats.grey;
import static dev.emulsion.grain.GrainStats.residual;
import static dev.emulsion.grain.GrainStats.sigma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statistical acceptance tests of film grain (issue 3). Every check is a static method that measures a
 * property and says whether it holds; each test runs it on the real grain (must pass) and on a deliberately
 * wrong grain (must fail), so no check can pass vacuously.
 */
class GrainStatisticsTest {
    /** 36 mm over 6000 px: 6 µm per pixel, the 35 mm frame at 24 MP. */
    static final int W35 = 6000;
    static final double PITCH = 6.0;

    static final Grain TRI_X = Grain.builder().granularity(17).mono().clumpSize(18).build();
    static final Grain COLOUR = Grain.builder().granularity(4).clumpSize(18).build();

    // ---------------------------------------------------------------- 1. RMS granularity

    /**
     * σ of density through the 48 µm aperture (a 42.5 µm square: 7.08 px at 6 µm; measured with 7 px boxes
     * and scaled by Selwyn's law to 7.08 px) relative to the declared granularity.
     */
    static double rmsRatio(float[] densityResidual, int w, int h, double pitch, double granularity) {
        int k = (int) Math.round(Grain.APERTURE_MICRONS / pitch);
        double sigmaAperture = boxSigma(densityResidual, w, h, k) * k * pitch / Grain.APERTURE_MICRONS;
        return sigmaAperture / (granularity / 1000.0);
    }

    static boolean rmsWithin20Percent(double ratio) {
        return ratio > 0.8 && ratio < 1.2;
    }

    @Test
    void rmsThroughThe48MicronApertureIsTheDeclaredGranularityAtDensity1() {
        int h = 4000;
        FloatImage in = grey(W35, h, 0.1f); // density 1.0
        FloatImage mono = TRI_X.apply(in, ctx(1, 2));
        double triX = rmsRatio(densityResidual(in.green(), mono.green()), W35, h, PITCH, 17);
        mono = null;
        FloatImage colour = COLOUR.apply(in, ctx(2, 2));
        double green = rmsRatio(densityResidual(in.green(), colour.green()), W35, h, PITCH, 4);
        double red = rmsRatio(densityResidual(in.red(), colour.red()), W35, h, PITCH, 4 * 0.8);
        double blue = rmsRatio(densityResidual(in.blue(), colour.blue()), W35, h, PITCH, 4 * 2.0);
        System.out.printf("RMS / declared at 48 µm, D 1.0: Tri-X %.3f; colour R %.3f G %.3f B %.3f%n",
                triX, red, green, blue);
        assertTrue(rmsWithin20Percent(triX), "Tri-X " + triX);
        assertTrue(rmsWithin20Percent(green), "green " + green);
        assertTrue(rmsWithin20Percent(red), "red " + red);
        assertTrue(rmsWithin20Percent(blue), "blue " + blue);

        // Negative control: grain sized per pixel (σ_D = G/1000 at every pixel whatever the pitch), the usual
        // "amount" slider, is 7× too weak through the aperture at 6 µm.
        float[] naive = GrainStats.whiteNoise(W35 * 1000, 3);
        for (int i = 0; i < naive.length; i++) {
            naive[i] *= 0.017f;
        }
        double bad = rmsRatio(naive, W35, 1000, PITCH, 17);
        System.out.printf("negative control, per-pixel σ = G: %.3f%n", bad);
        assertFalse(rmsWithin20Percent(bad));
    }

    // ---------------------------------------------------------------- 2. Selwyn scaling

    /** σ_k·k for k = 2ℓ..32 (ℓ = clump in px) constant within ±10 %, and spatially correlated. */
    static boolean selwyn(float[] v, int w, int h, double clumpPx, StringBuilder log) {
        int kMin = (int) Math.ceil(2 * clumpPx);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        double sum = 0;
        int n = 0;
        for (int k = kMin; k <= 32; k = k < 8 ? k + 1 : k + 4) {
            double s = boxSigma(v, w, h, k) * k;
            log.append(String.format(" k%d:%.4f", k, s));
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
            sum += s;
            n++;
        }
        double mean = sum / n;
        // Correlated over the clump: the per-pixel σ is clearly below what white noise with the same
        // large-aperture σ would have.
        double perPixel = boxSigma(v, w, h, 1) / (boxSigma(v, w, h, 32) * 32);
        log.append(String.format(" | per-pixel/asymptote %.3f", perPixel));
        return hi / mean - 1 < 0.10 && 1 - lo / mean < 0.10 && perPixel < 0.8;
    }

    @Test
    void selwynsLawHoldsFromTwiceTheClumpSizeTo32Pixels() {
        int w = W35;
        int h = 1536;
        FloatImage in = grey(w, h, 0.1f);
        FloatImage out = TRI_X.apply(in, ctx(4, 2));
        float[] d = densityResidual(in.green(), out.green());
        StringBuilder log = new StringBuilder("grain:");
        boolean ok = selwyn(d, w, h, 18 / PITCH, log);
        System.out.println(log);
        assertTrue(ok, log.toString());

        // Negative controls on a 1536² field: white per-pixel noise (not correlated) and over-smoothed noise
        // (a plain Gaussian blur of the same correlation length: σ_k·k still rising at small k).
        int n = 1536;
        float[] white = GrainStats.whiteNoise(n * n, 5);
        StringBuilder lw = new StringBuilder("white:");
        assertFalse(selwyn(white, n, n, 3, lw), lw.toString());
        System.out.println(lw);
        float[] smooth = GrainStats.gaussianBlurred(white, n, n, 1.2);
        StringBuilder ls = new StringBuilder("gaussian-blurred:");
        assertFalse(selwyn(smooth, n, n, 3, ls), ls.toString());
        System.out.println(ls);
    }

    // ---------------------------------------------------------------- 3. level response

    static final float[] LEVELS = {0.03f, 0.06f, 0.1f, 0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.4f, 0.45f, 0.5f, 0.55f,
        0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f};

    /** A ramp of flat patches, one per display level in {@link #LEVELS}, each 300 px wide. */
    static FloatImage ramp(int h) {
        int pw = 300;
        FloatImage img = FloatImage.create(pw * LEVELS.length, h, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < img.width(); x++) {
                float v = (float) SrgbTransfer.decodeExact(LEVELS[x / pw]);
                int i = y * img.width() + x;
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v;
            }
        }
        return img;
    }

    /** σ of the displayed (sRGB-encoded) residual per patch of {@link #ramp}. */
    static double[] displaySigmaPerLevel(float[] in, float[] out, int w, int h) {
        int pw = w / LEVELS.length;
        double[] s = new double[LEVELS.length];
        for (int p = 0; p < LEVELS.length; p++) {
            double a = 0;
            double a2 = 0;
            int n = 0;
            for (int y = 0; y < h; y++) {
                for (int x = p * pw; x < (p + 1) * pw; x++) {
                    double d = SrgbTransfer.encodeExact(Math.max(0, out[y * w + x]))
                            - SrgbTransfer.encodeExact(in[y * w + x]);
                    a += d;
                    a2 += d * d;
                    n++;
                }
            }
            s[p] = Math.sqrt(a2 / n - (a / n) * (a / n));
        }
        return s;
    }

    /** Peak in the mid-tones (display 0.2–0.8); σ at 95 % and at 3 % below half the peak. */
    static boolean levelResponseOk(double[] s, StringBuilder log) {
        int peak = 0;
        for (int i = 0; i < s.length; i++) {
            log.append(String.format(" %.2f:%.4f", LEVELS[i], s[i]));
            if (s[i] > s[peak]) {
                peak = i;
            }
        }
        boolean mid = LEVELS[peak] >= 0.2f && LEVELS[peak] <= 0.8f;
        return mid && s[s.length - 1] < 0.5 * s[peak] && s[0] < 0.5 * s[peak];
    }

    @Test
    void grainPeaksInTheMidTonesAndFadesAtWhiteAndBlack() {
        int h = 400;
        FloatImage in = ramp(h);
        int w = in.width();
        RenderContext c = ctx(6, 2).withFormat(dev.emulsion.chain.FilmFormat.FULL_FRAME_35MM);
        FloatImage out = TRI_X.apply(in, c);
        StringBuilder log = new StringBuilder("grain σ by display level:");
        boolean ok = levelResponseOk(displaySigmaPerLevel(in.green(), out.green(), w, h), log);
        System.out.println(log);
        assertTrue(ok, log.toString());

        // Negative control: constant-σ noise added to the gamma-encoded image (the look of sensor noise).
        float[] n = GrainStats.whiteNoise(w * h, 7);
        float[] bad = new float[w * h];
        for (int i = 0; i < bad.length; i++) {
            double e = SrgbTransfer.encodeExact(in.green()[i]) + 0.03 * n[i];
            bad[i] = (float) SrgbTransfer.decodeExact(Math.max(0, Math.min(1, e)));
        }
        StringBuilder lb = new StringBuilder("gamma-space constant σ:");
        assertFalse(levelResponseOk(displaySigmaPerLevel(in.green(), bad, w, h), lb), lb.toString());
        System.out.println(lb);
    }

    // ---------------------------------------------------------------- 4. spectrum

    /** Averaged periodogram of {@code tiles × tiles} tiles of 256² (each tile's mean removed). */
    static double[] periodogram(float[] v, int w, int tiles) {
        int n = 256;
        double[] p = new double[n * n];
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int ty = 0; ty < tiles; ty++) {
            for (int tx = 0; tx < tiles; tx++) {
                double m = 0;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        m += v[(ty * n + y) * w + tx * n + x];
                    }
                }
                m /= n * n;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        re[y * n + x] = v[(ty * n + y) * w + tx * n + x] - m;
                        im[y * n + x] = 0;
                    }
                }
                Fft.fft2(re, im, n);
                for (int i = 0; i < p.length; i++) {
                    p[i] += re[i] * re[i] + im[i] * im[i];
                }
            }
        }
        return p;
    }

    /**
     * No isolated peak: every bin below 2.5× the median of its 5×5 neighbourhood; power at mostly
     * horizontal and at mostly vertical frequencies within 10 %.
     */
    static boolean spectrumOk(double[] p, StringBuilder log) {
        int n = 256;
        double worst = 0;
        double[] nb = new double[24];
        double total = 0;
        for (double v : p) {
            total += v;
        }
        // A floor far below any real bin keeps the ratio finite where a periodic pattern leaves empty bins.
        double floor = 1e-9 * total / p.length;
        for (int fy = 0; fy < n; fy++) {
            for (int fx = 0; fx < n; fx++) {
                if (fx == 0 && fy == 0) {
                    continue;
                }
                int c = 0;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        if (dx != 0 || dy != 0) {
                            nb[c++] = p[Math.floorMod(fy + dy, n) * n + Math.floorMod(fx + dx, n)];
                        }
                    }
                }
                java.util.Arrays.sort(nb);
                double med = (nb[11] + nb[12]) / 2 + floor;
                worst = Math.max(worst, p[fy * n + fx] / med);
            }
        }
        double ph = 0;
        double pv = 0;
        for (int fy = 0; fy < n; fy++) {
            for (int fx = 0; fx < n; fx++) {
                int ax = Math.min(fx, n - fx);
                int ay = Math.min(fy, n - fy);
                if (ax > ay) {
                    ph += p[fy * n + fx];
                } else if (ay > ax) {
                    pv += p[fy * n + fx];
                }
            }
        }
        double aniso = Math.abs(ph / pv - 1);
        log.append(String.format(" peak/local median %.2f, |H/V − 1| %.3f", worst, aniso));
        return worst < 2.5 && aniso < 0.10;
    }

    @Test
    void spectrumHasNoIsolatedPeaksAndIsIsotropic() {
        int w = W35;
        int h = 2048;
        FloatImage in = grey(w, h, 0.18f);
        FloatImage out = COLOUR.apply(in, ctx(8, 2));
        float[] r = residual(in.green(), out.green());
        StringBuilder log = new StringBuilder("grain:");
        boolean ok = spectrumOk(periodogram(r, w, 8), log);
        System.out.println(log);
        assertTrue(ok, log.toString());

        // Negative control 1: a 64×64 template of the same grain tiled over the image.
        float[] tiled = new float[r.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                tiled[y * w + x] = r[(y % 64) * w + (x % 64)];
            }
        }
        StringBuilder lt = new StringBuilder("tiled template:");
        assertFalse(spectrumOk(periodogram(tiled, w, 8), lt), lt.toString());
        System.out.println(lt);

        // Negative control 2: grain smeared horizontally (a scanner-streak or 1-D blur): anisotropic.
        float[] streak = new float[r.length];
        for (int i = 1; i < r.length - 1; i++) {
            streak[i] = r[i - 1] + 2 * r[i] + r[i + 1];
        }
        StringBuilder ls = new StringBuilder("horizontally smeared:");
        assertFalse(spectrumOk(periodogram(streak, w, 8), ls), ls.toString());
        System.out.println(ls);
    }

    // ---------------------------------------------------------------- 5. mean

    static final float[] MEAN_LEVELS = {0.02f, 0.1f, 0.3f, 0.6f, 0.9f};

    /** Largest relative change of the linear mean over flat patches of {@link #MEAN_LEVELS}. */
    static double worstMeanShift(float[] in, float[] out, int w, int h) {
        int pw = w / MEAN_LEVELS.length;
        double worst = 0;
        for (int p = 0; p < MEAN_LEVELS.length; p++) {
            double si = 0;
            double so = 0;
            for (int y = 0; y < h; y++) {
                for (int x = p * pw; x < (p + 1) * pw; x++) {
                    si += in[y * w + x];
                    so += out[y * w + x];
                }
            }
            worst = Math.max(worst, Math.abs(so / si - 1));
        }
        return worst;
    }

    static FloatImage patches(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        int pw = w / MEAN_LEVELS.length;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = MEAN_LEVELS[Math.min(MEAN_LEVELS.length - 1, x / pw)];
                int i = y * w + x;
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v;
            }
        }
        return img;
    }

    @Test
    void flatPatchesKeepTheirLinearMean() {
        int w = W35;
        int h = 1200;
        FloatImage in = patches(w, h);
        Grain strong = TRI_X.toBuilder().strength(2).levelResponse(0).build();
        for (Grain g : new Grain[] {TRI_X, strong, COLOUR}) {
            FloatImage out = g.apply(in, ctx(9, 2));
            for (int c = 0; c < 3; c++) {
                double shift = worstMeanShift(in.plane(c), out.plane(c), w, h);
                System.out.printf("mean shift %s channel %d: %.5f%n", g.params(), c, shift);
                assertTrue(shift < 0.005, g.params() + " channel " + c + ": " + shift);
            }
        }

        // Negative control: the same density fluctuation applied as 10^(−δ) without removing its bias
        // (the mean of a log-normal grows by exp(a²/2)).
        FloatImage out = strong.apply(in, ctx(9, 2));
        float[] d = densityResidual(in.green(), out.green());
        double m = GrainStats.mean(d);
        float[] bad = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            bad[i] = (float) (in.green()[i] * Math.pow(10, -(d[i] - m)));
        }
        double shift = worstMeanShift(in.green(), bad, w, h);
        System.out.printf("negative control, uncorrected log-domain grain: %.4f%n", shift);
        assertFalse(shift < 0.005);
    }

    // ---------------------------------------------------------------- 6. channels

    static double[] channelCorrelations(FloatImage in, FloatImage out) {
        float[] r = densityResidual(in.red(), out.red());
        float[] g = densityResidual(in.green(), out.green());
        float[] b = densityResidual(in.blue(), out.blue());
        return new double[] {correlation(r, g), correlation(g, b), correlation(r, b), sigma(r), sigma(g), sigma(b)};
    }

    static boolean monoOk(double[] c) {
        return c[0] > 0.99 && c[1] > 0.99 && c[2] > 0.99;
    }

    static boolean colourOk(double[] c) {
        for (int i = 0; i < 3; i++) {
            if (!(c[i] > 0.2 && c[i] < 0.8)) {
                return false;
            }
        }
        return c[5] > c[4];
    }

    @Test
    void monoGrainIsOneLayerAndColourGrainHasPartlyCorrelatedLayersBlueGrainiest() {
        int w = W35;
        int h = 600;
        FloatImage in = grey(w, h, 0.18f);
        double[] mono = channelCorrelations(in, TRI_X.apply(in, ctx(10, 2)));
        double[] colour = channelCorrelations(in, COLOUR.apply(in, ctx(10, 2)));
        System.out.printf("mono corr RG %.3f GB %.3f RB %.3f; colour corr RG %.3f GB %.3f RB %.3f, σ R %.4f G %.4f B %.4f%n",
                mono[0], mono[1], mono[2], colour[0], colour[1], colour[2], colour[3], colour[4], colour[5]);
        assertTrue(monoOk(mono));
        assertTrue(colourOk(colour));
        // Negative controls: colour grain is not B&W; independent per-channel noise (digital RGB noise) and
        // identical layers are not colour film grain.
        assertFalse(monoOk(colour));
        Grain independent = COLOUR.toBuilder().layerCorrelation(0).build();
        double[] ind = channelCorrelations(in, independent.apply(in, ctx(10, 2)));
        assertFalse(colourOk(ind), "independent layers " + ind[0]);
        assertFalse(colourOk(mono));
    }

    // ---------------------------------------------------------------- 7. seeds and threads

    static boolean decorrelated(float[] a, float[] b) {
        return Math.abs(correlation(a, b)) < 0.05;
    }

    @Test
    void seedsGiveIndependentGrainAndAFixedSeedRepeatsAtAnyThreadCount() {
        int w = 1501;
        int h = 777;
        FloatImage in = GrainStatisticsTest.patches(w, h);
        FloatImage a = COLOUR.apply(in, ctx(11, 1));
        FloatImage b = COLOUR.apply(in, ctx(12, 1));
        double ab = correlation(densityResidual(in.green(), a.green()), densityResidual(in.green(), b.green()));
        System.out.printf("residual correlation of seeds 11 and 12: %.4f%n", ab);
        assertTrue(decorrelated(densityResidual(in.green(), a.green()), densityResidual(in.green(), b.green())));

        // The default seed differs per image: two images through a chain without an explicit seed.
        FloatImage in2 = in.copy();
        in2.red()[0] += 0.001f;
        FilterChain chain = FilterChain.builder().add(COLOUR).threads(2).build();
        FloatImage c1 = chain.apply(in);
        FloatImage c2 = chain.apply(in2);
        float[] r1 = densityResidual(in.green(), c1.green());
        float[] r2 = densityResidual(in2.green(), c2.green());
        System.out.printf("residual correlation of two images, default seed: %.4f%n", correlation(r1, r2));
        assertTrue(decorrelated(r1, r2));
        assertArrayEquals(c1.green(), chain.apply(in).green(), "the same image repeats with the default seed");

        // Negative control: a constant seed (the same for every image) gives every image the same grain.
        FloatImage k1 = COLOUR.apply(in, ctx(42, 1));
        FloatImage k2 = COLOUR.apply(in2, ctx(42, 1));
        assertFalse(decorrelated(densityResidual(in.green(), k1.green()), densityResidual(in2.green(), k2.green())));

        for (Grain g : new Grain[] {COLOUR, TRI_X}) {
            FloatImage one = g.apply(in, ctx(13, 1));
            for (int t : new int[] {2, 8}) {
                FloatImage many = g.apply(in, ctx(13, t));
                for (int c = 0; c < 3; c++) {
                    assertArrayEquals(one.plane(c), many.plane(c), "channel " + c + " at " + t + " threads");
                }
            }
        }
    }

    // ---------------------------------------------------------------- 8. resolution independence

    static boolean sameGrain(double sigmaA, double sigmaB) {
        double r = sigmaA / sigmaB;
        return r > 0.8 && r < 1.2;
    }

    @Test
    void exportDownscaledToThePreviewSizeShowsThePreviewsGrain() {
        float level = 0.18f;
        FloatImage big = grey(6000, 2000, level);
        float[] bigOut = COLOUR.apply(big, ctx(14, 2)).green();
        for (int f : new int[] {2, 6}) {
            FloatImage small = grey(6000 / f, 2000 / f, level);
            float[] smallOut = COLOUR.apply(small, ctx(15, 2)).green();
            float[] down = GrainStats.downscale(bigOut, 6000, 2000, f);
            double sDown = sigma(down);
            double sSmall = sigma(smallOut);
            System.out.printf("grain σ: 6000 px box-downscaled ×%d %.5f, rendered at %d px %.5f, ratio %.3f%n",
                    f, sDown, 6000 / f, sSmall, sDown / sSmall);
            assertTrue(sameGrain(sDown, sSmall), "factor " + f);

            // Negative control: grain with a fixed per-pixel σ (sized in pixels, not on film).
            float[] naiveBig = GrainStats.whiteNoise(6000 * 2000, 16);
            float[] naiveSmall = GrainStats.whiteNoise(6000 / f * 2000 / f, 17);
            assertFalse(sameGrain(sigma(GrainStats.downscale(naiveBig, 6000, 2000, f)), sigma(naiveSmall)));
        }
    }
}
