package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalationTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(2));
    static final double[] SPREAD = {1.0, 0.8, 0.6};

    static Halation cinestill(double boost) {
        return new Halation(65, SPREAD, Halation.AntiHalation.NONE.strength(), 3, 0.6, boost);
    }

    /** A dark frame with a bright disk (radius in µm on film) of linear value {@code v} in the middle. */
    static FloatImage pointLight(int w, int h, double radiusMicrons, float v) {
        FloatImage img = FloatImage.filled(w, h, 0.02f, 0.02f, 0.02f);
        double p = CTX.pixelPitchMicrons(w, h);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (Math.hypot(x - cx, y - cy) * p <= radiusMicrons) {
                    int i = y * w + x;
                    img.red()[i] = v;
                    img.green()[i] = v;
                    img.blue()[i] = v;
                }
            }
        }
        return img;
    }

    static double total(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s;
    }

    /** RMS radius in µm of the light a channel gained (positive part of out − in) around the image centre. */
    static double glowRadiusMicrons(FloatImage in, FloatImage out, int c) {
        int w = in.width();
        int h = in.height();
        double p = CTX.pixelPitchMicrons(w, h);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double s = 0;
        double s2 = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double d = out.plane(c)[i] - in.plane(c)[i];
                if (d > 0) {
                    double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) * p * p;
                    s += d;
                    s2 += d * r2;
                }
            }
        }
        return Math.sqrt(s2 / s);
    }

    /** Distance (px) into the dark side of a vertical edge where a channel's glow falls below 1e-3. */
    static int edgeReach(FloatImage in, FloatImage out, int c, int edgeX) {
        int w = in.width();
        int row = in.height() / 2 * w;
        int x = edgeX;
        while (x < w - 1 && out.plane(c)[row + x] - in.plane(c)[row + x] > 1e-3) {
            x++;
        }
        return x - edgeX;
    }

    @Test
    void redGlowReachesFurthestThenGreenThenBlueAndEnergyIsKept() {
        FloatImage in = pointLight(1500, 1000, 150, 40f);
        FloatImage out = cinestill(0).apply(in, CTX);
        double r = glowRadiusMicrons(in, out, 0);
        double g = glowRadiusMicrons(in, out, 1);
        double b = glowRadiusMicrons(in, out, 2);
        assertTrue(r > g && g > b, "glow radius R/G/B " + r + " / " + g + " / " + b + " µm");
        for (int c = 0; c < 3; c++) {
            double before = total(in.plane(c));
            assertEquals(1.0, total(out.plane(c)) / before, 0.01, "energy of channel " + c);
        }

        // a bright edge: dark right half
        int w = 1500;
        int h = 600;
        FloatImage edge = FloatImage.filled(w, h, 0.02f, 0.02f, 0.02f);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                edge.red()[y * w + x] = 6f;
                edge.green()[y * w + x] = 6f;
                edge.blue()[y * w + x] = 6f;
            }
        }
        FloatImage eo = cinestill(0).apply(edge, CTX);
        int er = edgeReach(edge, eo, 0, w / 2);
        int eg = edgeReach(edge, eo, 1, w / 2);
        int eb = edgeReach(edge, eo, 2, w / 2);
        assertTrue(er > eg && eg > eb, "edge reach R/G/B " + er + " / " + eg + " / " + eb + " px");
        for (int c = 0; c < 3; c++) {
            assertEquals(1.0, total(eo.plane(c)) / total(edge.plane(c)), 0.01, "edge energy of channel " + c);
        }
    }

    @Test
    void theEnergyCheckRejectsAnUnnormalizedGlow() {
        FloatImage in = pointLight(1500, 1000, 150, 40f);
        Halation wrong = new Halation(65, SPREAD, Halation.AntiHalation.NONE.strength(), 3, 0.6, 0, false);
        FloatImage out = wrong.apply(in, CTX);
        double ratio = total(out.red()) / total(in.red());
        assertTrue(Math.abs(ratio - 1) > 0.01, "unnormalized glow brightens by " + ratio);
        // and equal spreads fail the ordering check
        FloatImage same = new Halation(65, new double[] {1, 1, 1}, new double[] {0.3, 0.1, 0.015}, 3, 0.6, 0)
                .apply(in, CTX);
        double r = glowRadiusMicrons(in, same, 0);
        double g = glowRadiusMicrons(in, same, 1);
        assertFalse(r > g * 1.01, "equal spreads give equal radii: " + r + " vs " + g);
    }

    @Test
    void withTheBoostTheGainIsExactlyTheDeclaredClippedLight() {
        // an 8-bit-style clipped light (1.0): without a boost it barely glows, with it the gain is a/(1+a)·Σ(S−H)
        FloatImage in = pointLight(1500, 1000, 150, 1f);
        double boost = 3;
        FloatImage out = cinestill(boost).apply(in, CTX);
        double[] a = Halation.AntiHalation.NONE.strength();
        for (int c = 0; c < 3; c++) {
            double extra = 0;
            for (float v : in.plane(c)) {
                float t = Glow.smoothstep(0.6f, 1.0f, v);
                float u = Glow.smoothstep(0.9f, 1.0f, v);
                extra += v * t * boost * u;
            }
            double expected = total(in.plane(c)) + a[c] / (1 + a[c]) * extra;
            assertEquals(1.0, total(out.plane(c)) / expected, 0.01, "declared gain with boost, channel " + c);
        }
        FloatImage plain = cinestill(0).apply(in, CTX);
        double cx = 749.5;
        int probe = (int) (500 * 1500 + cx + 150 / CTX.pixelPitchMicrons(1500, 1000) + 12);
        assertTrue(out.red()[probe] - in.red()[probe] > 3 * (plain.red()[probe] - in.red()[probe]),
                "the boost makes the clipped light glow");
    }

    static FloatImage texture(int w, int h, float max) {
        FloatImage img = FloatImage.create(w, h, false);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int c = 0; c < 3; c++) {
            float[] p = img.plane(c);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.5 + 0.25 * Math.sin(x * 0.05 + c) * Math.cos(y * 0.07) + 0.2 * (rnd.nextDouble() - 0.5);
                    p[y * w + x] = (float) Math.min(max, Math.max(0, v * max / 0.95));
                }
            }
        }
        return img;
    }

    /** The largest, over the channels, mean absolute change relative to the channel's mean. */
    static double meanRelativeChange(FloatImage in, FloatImage out) {
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            double s = 0;
            double n = 0;
            for (int i = 0; i < in.pixelCount(); i++) {
                s += Math.abs(out.plane(c)[i] - in.plane(c)[i]);
                n += in.plane(c)[i];
            }
            worst = Math.max(worst, s / n);
        }
        return worst;
    }

    @Test
    void anImageWithoutHighlightsIsUnchanged() {
        // 1800 px across 35 mm: 20 µm per pixel, so the red glow spreads over several pixels
        FloatImage in = texture(1800, 300, 0.55f);
        double change = meanRelativeChange(in, cinestill(3).apply(in, CTX));
        assertTrue(change < 0.005, "mean change " + change);
        // negative control: halation of all light (threshold 0) changes it visibly
        Halation all = new Halation(65, SPREAD, Halation.AntiHalation.NONE.strength(), 3, 0.0, 3);
        double wrong = meanRelativeChange(in, all.apply(in, CTX));
        assertTrue(wrong > 0.005, "unthresholded change " + wrong);
    }

    @Test
    void theGlowHasTheSameSizeOnFilmAt3000And6000Pixels() {
        // strips keep the pixel pitch of a 3000 px and a 6000 px wide 35 mm frame at a small cost
        FloatImage small = pointLight(3000, 300, 100, 40f);
        FloatImage large = pointLight(6000, 600, 100, 40f);
        Halation hal = cinestill(0);
        FloatImage so = hal.apply(small, CTX);
        FloatImage lo = hal.apply(large, CTX);
        for (int c = 0; c < 3; c++) {
            double rs = glowRadiusMicrons(small, so, c);
            double rl = glowRadiusMicrons(large, lo, c);
            assertEquals(1.0, rl / rs, 0.03, "channel " + c + ": " + rs + " vs " + rl + " µm");
        }
        // negative control: a spread fixed in pixels (twice the µm at the larger size) fails the check
        Halation pixels = new Halation(130, SPREAD, Halation.AntiHalation.NONE.strength(), 3, 0.6, 0);
        double rs = glowRadiusMicrons(small, so, 0);
        double rl = glowRadiusMicrons(large, pixels.apply(large, CTX), 0);
        assertTrue(Math.abs(rl / rs - 1) > 0.03, "pixel-sized spread " + rs + " vs " + rl);
    }

    @Test
    void sameResultAtAnyThreadCountAndValidated() {
        FloatImage in = pointLight(700, 500, 300, 20f);
        Halation hal = cinestill(3);
        FloatImage a = hal.apply(in, CTX.withScheduler(StripScheduler.sequential()));
        FloatImage b = hal.apply(in, CTX.withScheduler(StripScheduler.ofThreads(3)));
        assertArrayEquals(a.red(), b.red());
        assertArrayEquals(a.blue(), b.blue());
        assertThrows(IllegalArgumentException.class,
                () -> new Halation(65, SPREAD, new double[] {1.2, 0, 0}, 3, 0.6, 0));
        assertThrows(IllegalArgumentException.class, () -> new Halation(65, new double[] {1, 1}, SPREAD, 3, 0.6, 0));
    }

    /** The halation formula computed plainly: E + a/(1+a)·(G(σ_c·m)∗S − H), one Gaussian per channel. */
    static FloatImage plainSingleGaussian(FloatImage in, Halation hal, double[] a, double widthFactor) {
        int w = in.width();
        int h = in.height();
        double pitch = CTX.pixelPitchMicrons(w, h);
        FloatImage out = in.copy();
        for (int c = 0; c < 3; c++) {
            float[] s = new float[w * h];
            float[] t = new float[w * h];
            for (int i = 0; i < s.length; i++) {
                float m = Math.max(in.red()[i], Math.max(in.green()[i], in.blue()[i]));
                t[i] = Glow.smoothstep(0.6f, 1.0f, m);
                s[i] = in.plane(c)[i] * t[i];
            }
            float[] g = new float[w * h];
            Blur.gaussian(s, g, w, h, hal.sigmaMicrons(c) / pitch * widthFactor, StripScheduler.sequential());
            double gc = a[c] / (1 + a[c]);
            for (int i = 0; i < s.length; i++) {
                out.plane(c)[i] = (float) (in.plane(c)[i] + gc * (g[i] - in.plane(c)[i] * t[i]));
            }
        }
        return out;
    }

    static double maxDifference(FloatImage a, FloatImage b) {
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < a.pixelCount(); i++) {
                worst = Math.max(worst, Math.abs(a.plane(c)[i] - b.plane(c)[i]));
            }
        }
        return worst;
    }

    @Test
    void withoutAPyramidTheGlowIsOneGaussianWithTheMixturesVariance() {
        // 700 px across 35 mm: 51 µm per pixel, so the glow is under 3 px and the one-pass path runs
        FloatImage in = pointLight(700, 500, 300, 20f);
        Halation hal = cinestill(0);
        double[] a = Halation.AntiHalation.NONE.strength();
        FloatImage out = hal.apply(in, CTX);
        double mixture = Math.sqrt((1 * 4 + 2 * 2 + 3 * 1) / 7.0);
        double err = maxDifference(out, plainSingleGaussian(in, hal, a, mixture));
        assertTrue(err < 1e-4, "one-pass path vs the plain formula: " + err);
        for (int c = 0; c < 3; c++) {
            assertEquals(1.0, total(out.plane(c)) / total(in.plane(c)), 0.01, "energy of channel " + c);
        }
        // negative control: the first bounce's width alone (no mixture) is told apart
        double wrong = maxDifference(out, plainSingleGaussian(in, hal, a, 1.0));
        assertTrue(wrong > 1e-3, "first-bounce-only glow differs by " + wrong);
    }
}
