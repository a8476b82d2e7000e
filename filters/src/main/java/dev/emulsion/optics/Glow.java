package dev.emulsion.optics;

import dev.emulsion.chain.StripScheduler;

/**
 * The shared machinery of halation and bloom: a weighted sum of Gaussians of one source plane, computed as
 * a cascade through {@link Blur}'s pyramid so the cost does not grow with the spread.
 */
final class Glow {
    private Glow() {
    }

    /**
     * Computes {@code Σ weights[k] · G(sigmas[k]) ∗ src} into {@code dst}. Sigmas must be ascending (pixels);
     * every level is reached from the previous one by an extra blur (variances add), all at the resolution
     * chosen for the smallest sigma.
     */
    static void mixture(float[] src, float[] dst, int w, int h, double[] sigmas, double[] weights, StripScheduler sch) {
        int f = Blur.pyramidFactor(sigmas[0]);
        int lw = Blur.lowSize(w, f);
        int lh = Blur.lowSize(h, f);
        float[] level = f == 1 ? src.clone() : Blur.downsample(src, w, h, f, sch);
        float[] acc = new float[lw * lh];
        double done = 0;
        for (int k = 0; k < sigmas.length; k++) {
            double target = f == 1 ? sigmas[k] : Blur.pyramidSigma(sigmas[k], f);
            double step = Math.sqrt(Math.max(0, target * target - done * done));
            Blur.gaussian(level, level, lw, lh, step, sch);
            done = target;
            float wk = (float) weights[k];
            sch.forRanges(lh, 16, (y0, y1) -> {
                for (int i = y0 * lw, e = y1 * lw; i < e; i++) {
                    acc[i] += wk * level[i];
                }
            });
        }
        if (f == 1) {
            System.arraycopy(acc, 0, dst, 0, w * h);
        } else {
            Blur.upsample(acc, f, dst, w, h, sch);
        }
    }

    /** Smooth step from 0 at {@code lo} to 1 at {@code hi}. */
    static float smoothstep(float lo, float hi, float v) {
        float t = (v - lo) / (hi - lo);
        t = t < 0f ? 0f : (t > 1f ? 1f : t);
        return t * t * (3f - 2f * t);
    }
}
