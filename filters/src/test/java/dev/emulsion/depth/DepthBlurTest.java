package dev.emulsion.depth;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The properties of issue 6 ("Done when" 1–5; 6 is {@link DepthBlurFixtureTest}, 7 is
 * {@link DepthInputTest}). Lens: 85 mm f/1.4 on 35 mm film focused at 2 m; at 720 px wide one pixel is
 * 50 µm, so the far background's CoC radius is about 27 px.
 */
class DepthBlurTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(7).withScheduler(StripScheduler.sequential());
    static final double F = 85;
    static final double N = 1.4;
    static final double ZF = 2.0;

    /** Thin-lens CoC radius in px (signed, + behind focus) for the test lens at pixel pitch {@code pitch} µm. */
    static double cocPx(double z, double pitch) {
        double fmm = F;
        double zfmm = ZF * 1000;
        double zmm = z * 1000;
        double diam = fmm * fmm * (zmm - zfmm) / (zmm * N * (zfmm - fmm));
        return diam * 1000 / 2 / pitch;
    }

    static DepthBlur lens(DepthMap map) {
        return DepthBlur.builder().depth(map).focusDistance(ZF).focalLength(F).fNumber(N).highlights(0.8, 0).build();
    }

    static DepthMap metres(int w, int h, java.util.function.IntToDoubleFunction zAt) {
        float[] z = new float[w * h];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) zAt.applyAsDouble(i);
        }
        return DepthMap.ofMetres(w, h, z);
    }

    // ---------------------------------------------------------------------------------------- 1. CoC

    /** Measured blur radius 2σ of the line spread across a horizontal step edge at column range. */
    static double edgeRadius(FloatImage img, int cx, int halfCols, int edgeY, int reach) {
        int w = img.width();
        float[] g = img.green();
        double[] prof = new double[2 * reach + 1];
        for (int k = 0; k < prof.length; k++) {
            int y = edgeY - reach + k;
            double s = 0;
            for (int x = cx - halfCols; x <= cx + halfCols; x++) {
                s += g[y * w + x];
            }
            prof[k] = s / (2 * halfCols + 1);
        }
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        for (int k = 0; k + 1 < prof.length; k++) {
            double d = prof[k + 1] - prof[k];
            double pos = k + 0.5;
            m0 += d;
            m1 += d * pos;
            m2 += d * pos * pos;
        }
        double mean = m1 / m0;
        double var = Math.max(0, m2 / m0 - mean * mean);
        return 2 * Math.sqrt(var);
    }

    @Test
    void blurRadiusFollowsThinLensCoc() {
        double[] depths = {1.5, 2.0, 2.5, 3.5, 6.0, 20.0};
        int strip = 140;
        int w = strip * depths.length;
        int h = 300;
        FloatImage img = FloatImage.create(w, h, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // A step edge at y = 150 under a fine vertical-stripe texture (period 7 px).
                float v = (y < 150 ? 0.05f : 0.6f) * (1f + 0.1f * (float) Math.sin(x * 2 * Math.PI / 7));
                int i = y * w + x;
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v;
            }
        }
        DepthMap map = metres(w, h, i -> depths[(i % w) / strip]);
        double pitch = CTX.pixelPitchMicrons(w, h);
        FloatImage out = lens(map).apply(img, CTX);
        List<double[]> rows = new ArrayList<>();
        for (int s = 0; s < depths.length; s++) {
            double expected = Math.abs(cocPx(depths[s], pitch));
            double measured = edgeRadius(out, s * strip + strip / 2, 10, 150, 70);
            double before = edgeRadius(img, s * strip + strip / 2, 10, 150, 70);
            rows.add(new double[] {Math.abs(1 / depths[s] - 1 / ZF), expected, measured, before});
            System.out.printf("z=%.1f m  |1/z-1/zf|=%.3f  CoC %.2f px  measured %.2f px%n",
                    depths[s], Math.abs(1 / depths[s] - 1 / ZF), expected, measured);
            if (expected < 0.5) {
                assertTrue(measured < 0.6, "in-focus plane stays sharp: " + measured);
            } else {
                assertEquals(expected, measured, 0.15 * expected, "blur radius at z = " + depths[s] + " m");
            }
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        for (int k = 1; k < rows.size(); k++) {
            assertTrue(rows.get(k)[2] > rows.get(k - 1)[2], "blur grows monotonically with |1/z − 1/z_f|");
        }
    }

    // ---------------------------------------------------------------------------------------- 2. in focus

    static FloatImage noise(int w, int h, long seed) {
        FloatImage img = FloatImage.create(w, h, false);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < 3; c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (0.05 + 0.9 * rnd.nextDouble());
            }
        }
        return img;
    }

    @Test
    void inFocusInteriorIsUnchanged() {
        int w = 480;
        int h = 240;
        FloatImage img = noise(w, h, 3);
        // Left half at the focal distance, the right half far behind, a near bar along the bottom.
        DepthMap map = metres(w, h, i -> i / w > 200 ? 1.3 : (i % w < 240 ? ZF : 30));
        FloatImage out = lens(map).apply(img, CTX);
        boolean[] interior = new boolean[w * h];
        for (int y = 20; y < 150; y++) {
            for (int x = 20; x < 190; x++) {
                interior[y * w + x] = true;
            }
        }
        double psnr = Measure.psnr(img, out, interior);
        System.out.println("in-focus interior PSNR " + psnr + " dB");
        assertTrue(psnr > 45, "in-focus interior PSNR " + psnr);
        // The check rejects a stage that softens everything slightly: a 1-px-radius blur everywhere.
        float[] onePx = new float[w * h];
        java.util.Arrays.fill(onePx, 1f);
        double soft = Measure.psnr(img, NaiveVariableGaussian.apply(img, onePx), interior);
        assertTrue(soft < 45, "negative control PSNR " + soft);
    }

    // ---------------------------------------------------------------------------------------- 3. halo

    static final float[] BG = {0.10f, 0.16f, 0.30f};
    static final float[] FG = {0.80f, 0.05f, 0.04f};

    /** A red square in focus in front of a blue-grey background far behind. */
    static FloatImage squareScene(int w, int h, int x0, int y0, int size, float[] fg, float[] bg) {
        FloatImage img = FloatImage.create(w, h, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x >= x0 && x < x0 + size && y >= y0 && y < y0 + size;
                float[] c = in ? fg : bg;
                int i = y * w + x;
                img.red()[i] = c[0];
                img.green()[i] = c[1];
                img.blue()[i] = c[2];
            }
        }
        return img;
    }

    /** Mean ΔE to the background colour over the background ring from {@code from} to {@code to} px. */
    static double ringDeltaE(FloatImage out, int x0, int y0, int size, int from, int to, float[] ref) {
        int w = out.width();
        double sum = 0;
        int n = 0;
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < w; x++) {
                int dx = Math.max(Math.max(x0 - x, x - (x0 + size - 1)), 0);
                int dy = Math.max(Math.max(y0 - y, y - (y0 + size - 1)), 0);
                int d = Math.max(dx, dy);
                if (d >= from && d <= to) {
                    sum += Measure.deltaE(out, y * w + x, ref[0], ref[1], ref[2]);
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void sharpForegroundDoesNotLeakIntoBlurredBackground() {
        int w = 720;
        int h = 360;
        int x0 = 300;
        int y0 = 120;
        int size = 120;
        FloatImage img = squareScene(w, h, x0, y0, size, FG, BG);
        DepthMap map = metres(w, h, i -> {
            int x = i % w;
            int y = i / w;
            return x >= x0 && x < x0 + size && y >= y0 && y < y0 + size ? ZF : 50.0;
        });
        DepthBlur stage = lens(map);
        double r = cocPx(50, CTX.pixelPitchMicrons(w, h));
        FloatImage out = stage.apply(img, CTX);
        double ours = ringDeltaE(out, x0, y0, size, 3, (int) r, BG);
        double inside = ringDeltaE(out, x0 + 3, y0 + 3, size - 6, 0, 0, FG);
        FloatImage naive = NaiveVariableGaussian.apply(img, stage.cocRadii(img, CTX));
        double naiveDe = ringDeltaE(naive, x0, y0, size, 3, (int) r, BG);
        System.out.printf("halo: CoC %.1f px, mean ΔE in the background band: ours %.2f, naive %.2f;"
                + " foreground edge ΔE %.2f%n", r, ours, naiveDe, inside);
        assertTrue(ours < 2.0, "background band ΔE " + ours);
        assertTrue(inside < 2.0, "the sharp foreground keeps its colour up to its edge: ΔE " + inside);
        assertTrue(naiveDe > 2.0, "negative control: the naive blur leaks, ΔE " + naiveDe);
    }

    // ---------------------------------------------------------------------------------------- 4. spread

    /** Fraction of the object's colour at column x of row y (green channel, object 0.9, ground 0.2). */
    static double fraction(FloatImage img, int x, int y) {
        return (img.green()[y * img.width() + x] - 0.2) / 0.7;
    }

    @Test
    void blurredForegroundSpreadsOverSharpBackground() {
        int w = 720;
        int h = 360;
        int x0 = 300;
        int y0 = 100;
        int size = 160;
        float[] fg = {0.9f, 0.9f, 0.9f};
        float[] bg = {0.2f, 0.2f, 0.2f};
        FloatImage img = squareScene(w, h, x0, y0, size, fg, bg);
        DepthMap map = metres(w, h, i -> {
            int x = i % w;
            int y = i / w;
            return x >= x0 && x < x0 + size && y >= y0 && y < y0 + size ? 1.2 : ZF;
        });
        DepthBlur stage = lens(map);
        double r = Math.abs(cocPx(1.2, CTX.pixelPitchMicrons(w, h)));
        FloatImage out = stage.apply(img, CTX);
        FloatImage naive = NaiveVariableGaussian.apply(img, stage.cocRadii(img, CTX));
        int y = y0 + size / 2;
        int half = (int) Math.round(r / 2);
        double outside = fraction(out, x0 - half, y);
        double inside = fraction(out, x0 + half, y);
        double naiveOutside = fraction(naive, x0 - half, y);
        // A disc of radius r over a half-plane edge covers 19.6 % beyond r/2 and 80.4 % inside r/2.
        System.out.printf("spread: CoC %.1f px; object fraction at r/2 outside %.3f, inside %.3f; naive outside %.3f%n",
                r, outside, inside, naiveOutside);
        assertTrue(outside > 0.1 && outside < 0.35, "the blurred object spreads over the background: " + outside);
        assertTrue(inside > 0.65 && inside < 0.9, "the object's outline is soft inside too: " + inside);
        assertTrue(fraction(out, x0 - (int) r - 4, y) < 0.01, "nothing beyond the CoC");
        assertTrue(naiveOutside < 0.1, "negative control: the naive blur cannot spread: " + naiveOutside);
    }

    // ---------------------------------------------------------------------------------------- 5. bokeh

    /** Radial extent (px) from the centre along angle phi (screen: y down) until the value drops below level. */
    static double extent(float[] p, int w, int cx, int cy, double phi, double level) {
        for (double d = 0; d < w; d += 0.25) {
            double x = cx + d * Math.cos(phi);
            double y = cy - d * Math.sin(phi);
            int xi = (int) Math.floor(x);
            int yi = (int) Math.floor(y);
            double fx = x - xi;
            double fy = y - yi;
            int i = yi * w + xi;
            double v = (1 - fy) * ((1 - fx) * p[i] + fx * p[i + 1]) + fy * ((1 - fx) * p[i + w] + fx * p[i + w + 1]);
            if (v < level) {
                return d;
            }
        }
        return w;
    }

    static double[] bokeh(FloatImage out, int cx, int cy, double r, int blades) {
        int w = out.width();
        float[] g = out.green();
        // Plateau: pixels within 0.5·inradius of the centre.
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        double inr = 0.5 * r * Math.cos(Math.PI / Math.max(blades, 1000));
        for (int y = (int) (cy - inr); y <= cy + inr; y++) {
            for (int x = (int) (cx - inr); x <= cx + inr; x++) {
                if (Math.hypot(x - cx, y - cy) <= inr) {
                    double v = g[y * w + x];
                    sum += v;
                    sum2 += v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        double cv = Math.sqrt(Math.max(0, sum2 / n - mean * mean)) / mean;
        double area = 0;
        for (float v : g) {
            if (v >= 0.5 * mean) {
                area++;
            }
        }
        double vertex = 0;
        double edge = 0;
        int k = Math.max(blades, 6);
        for (int j = 0; j < k; j++) {
            double phi = Math.PI / 2 + j * 2 * Math.PI / k; // vertex directions (a vertex points up)
            vertex += extent(g, w, cx, cy, phi, 0.5 * mean);
            edge += extent(g, w, cx, cy, phi + Math.PI / k, 0.5 * mean);
        }
        return new double[] {cv, area, edge / vertex, mean};
    }

    @Test
    void brightPointBecomesTheApertureShape() {
        int w = 720;
        int h = 480;
        int cx = 360;
        int cy = 240;
        FloatImage img = FloatImage.create(w, h, false);
        img.red()[cy * w + cx] = 500f;
        img.green()[cy * w + cx] = 500f;
        img.blue()[cy * w + cx] = 500f;
        DepthMap far = DepthMap.ofMetres(1, 1, new float[] {40f}); // a 1×1 map: the whole scene at 40 m
        double r = cocPx(40, CTX.pixelPitchMicrons(w, h));
        DepthBlur hex = DepthBlur.builder().depth(far).focusDistance(ZF).focalLength(F).fNumber(N)
                .aperture(6, 0, 0).highlights(0.8, 0).build();
        DepthBlur disc = DepthBlur.builder().depth(far).focusDistance(ZF).focalLength(F).fNumber(N)
                .aperture(0, 0, 0).highlights(0.8, 0).build();
        FloatImage hexOut = hex.apply(img, CTX);
        double[] hs = bokeh(hexOut, cx, cy, r, 6);
        double[] ds = bokeh(disc.apply(img, CTX), cx, cy, r, 0);
        double hexArea = 3 * Math.sqrt(3) / 2 * r * r;
        double total = 0;
        for (float v : hexOut.green()) {
            total += v;
        }
        System.out.printf("bokeh: CoC %.1f px; hexagon CV %.3f, area %.0f (expected %.0f), edge/vertex %.3f;"
                        + " disc CV %.3f, area %.0f (expected %.0f), ratio %.3f; energy %.1f%n",
                r, hs[0], hs[1], hexArea, hs[2], ds[0], ds[1], Math.PI * r * r, ds[2], total);
        assertTrue(hs[0] < 0.05, "even brightness across the hexagon: CV " + hs[0]);
        assertEquals(r, Math.sqrt(hs[1] / (3 * Math.sqrt(3) / 2)), 0.15 * r, "hexagon circumradius vs CoC");
        assertEquals(r, Math.sqrt(ds[1] / Math.PI), 0.15 * r, "disc radius vs CoC");
        // Ideal 0.866 (cos 30°); the low-resolution rasterization rounds the vertices a little.
        assertTrue(hs[2] < 0.94, "hexagon: its flats lie clearly inside its vertices: " + hs[2]);
        assertTrue(ds[2] > 0.98, "the circle's control has no flats: " + ds[2]);
        assertEquals(500, total, 5, "energy is conserved without highlight boost");
        // The naive Gaussian has no plateau: its brightness is far from even.
        FloatImage naive = NaiveVariableGaussian.apply(img, hex.cocRadii(img, CTX));
        double[] ns = bokeh(naive, cx, cy, r, 6);
        assertTrue(ns[0] > 0.05, "negative control: a Gaussian blob is not an even disc: CV " + ns[0]);
    }

    @Test
    void highlightBoostBloomsClippedHighlightsOnlyWhenBlurred() {
        int w = 240;
        int h = 160;
        FloatImage img = FloatImage.filled(w, h, 0.05f, 0.05f, 0.05f);
        img.green()[80 * w + 60] = 1f; // a clipped 8-bit highlight, out of focus
        img.green()[80 * w + 180] = 1f; // and one in focus
        DepthMap map = metres(w, h, i -> i % w < 120 ? 40 : ZF);
        DepthBlur plain = DepthBlur.builder().depth(map).focusDistance(ZF).focalLength(F).fNumber(N)
                .highlights(0.8, 0).build();
        DepthBlur boosted = DepthBlur.builder().depth(map).focusDistance(ZF).focalLength(F).fNumber(N)
                .highlights(0.8, 3).build();
        FloatImage a = plain.apply(img, CTX);
        FloatImage b = boosted.apply(img, CTX);
        double ea = 0;
        double eb = 0;
        for (int y = 40; y < 120; y++) {
            for (int x = 20; x < 100; x++) {
                ea += a.green()[y * w + x] - 0.05;
                eb += b.green()[y * w + x] - 0.05;
            }
        }
        assertEquals(4.0, eb / ea, 0.2, "gain 3 gives the blurred highlight 4× its light");
        assertEquals(1f, b.green()[80 * w + 180], 1e-6f, "the in-focus highlight is untouched");
    }

    // ---------------------------------------------------------------------------------------- contracts

    @Test
    void deterministicAndThreadCountInvariant() {
        int w = 400;
        int h = 2200; // several bands (bands are at least 1024 rows)
        FloatImage img = noise(w, h, 11);
        DepthMap map = DepthMap.groundPlane(0.3);
        DepthBlur stage = DepthBlur.builder().depth(map).focusPoint(0.5, 0.7).maxBlurPercentOfWidth(6)
                .aperture(7, 10, 0.3).build();
        FloatImage copy = img.copy();
        FloatImage one = stage.apply(img, CTX);
        FloatImage two = stage.apply(img, CTX.withScheduler(StripScheduler.ofThreads(2)));
        FloatImage five = stage.apply(img, CTX.withScheduler(StripScheduler.ofThreads(5)));
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(one.plane(c), two.plane(c), "2 threads, channel " + c);
            assertArrayEquals(one.plane(c), five.plane(c), "5 threads, channel " + c);
            assertArrayEquals(copy.plane(c), img.plane(c), "input untouched");
        }
    }

    @Test
    void alphaKeptAndAlphaAsSubjectMask() {
        int w = 300;
        int h = 200;
        FloatImage img = noise(w, h, 5);
        FloatImage withAlpha = img.withAlpha(new float[w * h]);
        for (int y = 50; y < 150; y++) {
            for (int x = 100; x < 200; x++) {
                withAlpha.alpha()[y * w + x] = 1f; // the subject
            }
        }
        DepthBlur stage = DepthBlur.builder().alphaMask(20).focusDistance(ZF).focalLength(F).fNumber(N).build();
        FloatImage out = stage.apply(withAlpha, CTX);
        assertArrayEquals(withAlpha.alpha(), out.alpha(), "alpha unchanged");
        boolean[] subject = new boolean[w * h];
        boolean[] background = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                subject[y * w + x] = y >= 55 && y < 145 && x >= 105 && x < 195;
                background[y * w + x] = x < 60 && y > 30 && y < 170;
            }
        }
        assertTrue(Measure.psnr(img, out, subject) > 45, "the opaque subject stays sharp");
        double hf = Measure.highFrequencyEnergy(out, background) / Measure.highFrequencyEnergy(img, background);
        assertTrue(hf < 0.05, "the transparent background is blurred: HF kept " + hf);
    }
}
