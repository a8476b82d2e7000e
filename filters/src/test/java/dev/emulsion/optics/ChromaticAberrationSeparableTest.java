package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The linear model's fast path (runs of constant tap offset, staged buffers, split loops) must compute exactly
 * what the plain separable formula computes: a direct gather loop kept here as the reference. Checked bit for
 * bit on noise (every column and row matters) at odd sizes, for magnifications above and below 1, small and
 * large (short runs, clamped borders), with and without the overshoot clamp, on 1 and 3 threads.
 */
class ChromaticAberrationSeparableTest {
    @Test
    void fastPathEqualsPlainSeparableFormula() {
        FloatImage img = noise(257, 131, 7);
        double rc = Math.hypot((257 - 1) / 2.0, (131 - 1) / 2.0);
        for (int threads : new int[] {1, 3}) {
            RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(threads));
            for (double d : new double[] {0.3, -0.7, 2.5, -6, 40, -120, 200}) {
                for (boolean clamp : new boolean[] {true, false}) {
                    FloatImage out = new ChromaticAberration("linear", d, -d / 2, "px", 1, clamp).apply(img, ctx);
                    assertArrayEquals(reference(img.red(), 257, 131, d, rc, clamp), out.red(),
                            "red, d = " + d + " clamp " + clamp);
                    assertArrayEquals(reference(img.blue(), 257, 131, -d / 2, rc, clamp), out.blue(),
                            "blue, d = " + d + " clamp " + clamp);
                    assertArrayEquals(img.green(), out.green());
                }
            }
        }
    }

    /** Negative control: the reference is sensitive to an off-by-one tap, so the equality above means something. */
    @Test
    void referenceRejectsShiftedTaps() {
        FloatImage img = noise(257, 131, 7);
        double rc = Math.hypot(128, 65);
        float[] good = reference(img.red(), 257, 131, 2.5, rc, true);
        float[] shifted = good.clone();
        for (int y = 0; y < 131; y++) {
            System.arraycopy(good, y * 257 + 1, shifted, y * 257, 256);
        }
        FloatImage out = new ChromaticAberration("linear", 2.5, 0, "px", 1, true)
                .apply(img, RenderContext.defaults().withSeed(1));
        assertFalse(Arrays.equals(shifted, out.red()));
    }

    static FloatImage noise(int w, int h, long seed) {
        FloatImage img = FloatImage.create(w, h, false);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w * h; i++) {
            img.red()[i] = (float) rnd.nextDouble();
            img.green()[i] = (float) rnd.nextDouble();
            img.blue()[i] = (float) (rnd.nextDouble() * 4);
        }
        return img;
    }

    /** The plain separable formula: a 4-row vertical pass into a padded line, then a gathered 4-tap pass. */
    static float[] reference(float[] src, int w, int h, double cornerPx, double rc, boolean clamp) {
        double inv = 1.0 / (1.0 + (float) (cornerPx / rc));
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        float[] dst = new float[w * h];
        float[] t = new float[4];
        float[] line = new float[w + 3];
        float[] lo = new float[w + 3];
        float[] hi = new float[w + 3];
        float[] wy = new float[4];
        for (int y = 0; y < h; y++) {
            double sy = Math.max(0.0, Math.min(h - 1.0, cy + (y - cy) * inv));
            int yb = (int) Math.floor(sy);
            Resample.weights((float) (sy - yb), wy);
            int[] rows = new int[4];
            for (int j = 0; j < 4; j++) {
                rows[j] = Math.max(0, Math.min(h - 1, yb - 1 + j)) * w;
            }
            for (int x = 0; x < w; x++) {
                float a = src[rows[1] + x];
                float b = src[rows[2] + x];
                line[x + 1] = wy[0] * src[rows[0] + x] + wy[1] * a + wy[2] * b + wy[3] * src[rows[3] + x];
                lo[x + 1] = Math.min(a, b);
                hi[x + 1] = Math.max(a, b);
            }
            for (float[] l : new float[][] {line, lo, hi}) {
                l[0] = l[1];
                l[w + 1] = l[w];
                l[w + 2] = l[w];
            }
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0.0, Math.min(w - 1.0, cx + (x - cx) * inv));
                int k = (int) Math.floor(sx);
                Resample.weights((float) (sx - k), t);
                float v = t[0] * line[k] + t[1] * line[k + 1] + t[2] * line[k + 2] + t[3] * line[k + 3];
                if (clamp) {
                    v = Math.max(Math.min(lo[k + 1], lo[k + 2]), Math.min(Math.max(hi[k + 1], hi[k + 2]), v));
                }
                dst[y * w + x] = v;
            }
        }
        return dst;
    }
}
