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
     * Computes {@code Σ weights[k] · G(sigmas[k]) ∗ src} and hands it back row by row at full resolution.
     * Sigmas must be ascending (pixels); every level is reached from the previous one by an extra blur
     * (variances add), all at the resolution {@link Blur#pyramidFactor} chooses for the smallest sigma.
     *
     * @param sink receives {@code (y, glowRow)} for every row, concurrently for different rows
     */
    static void mixture(Blur.RowSource src, int w, int h, double[] sigmas, double[] weights, StripScheduler sch,
                        RowSink sink) {
        int f = Blur.pyramidFactor(sigmas[0]);
        int lw = Blur.lowSize(w, f);
        int lh = Blur.lowSize(h, f);
        float[] level;
        if (f == 1) {
            float[] full = new float[w * h];
            sch.forRanges(h, 16, (y0, y1) -> {
                float[] row = new float[w];
                for (int y = y0; y < y1; y++) {
                    src.fill(y, row);
                    System.arraycopy(row, 0, full, y * w, w);
                }
            });
            level = full;
        } else {
            level = Blur.downsample(src, w, h, f, sch);
        }
        float[] acc = new float[lw * lh];
        float[] spare = new float[lw * lh];
        double done = 0;
        for (int k = 0; k < sigmas.length; k++) {
            double target = f == 1 ? sigmas[k] : Blur.pyramidSigma(sigmas[k], f);
            double step = Math.sqrt(Math.max(0, target * target - done * done));
            // into a second plane: a blur in place would first have to copy its source
            Blur.gaussian(level, spare, lw, lh, step, sch);
            float[] blurred = spare;
            spare = level;
            level = blurred;
            done = target;
            float wk = (float) weights[k];
            float[] lv = level;
            sch.forRanges(lh, 16, (y0, y1) -> {
                for (int i = y0 * lw, e = y1 * lw; i < e; i++) {
                    acc[i] += wk * lv[i];
                }
            });
        }
        Blur.Upsampler up = new Blur.Upsampler(w, h, f);
        sch.forRanges(h, 16, (y0, y1) -> {
            Blur.Upsampler.Cursor cursor = up.cursor(acc);
            float[] row = new float[w];
            for (int y = y0; y < y1; y++) {
                cursor.row(y, row);
                sink.accept(y, row);
            }
        });
    }

    /** Receives one full-resolution row of a result. */
    @FunctionalInterface
    interface RowSink {
        /** Consumes row {@code y}; the array is reused after the call returns. */
        void accept(int y, float[] row);
    }

    /** Smooth step from 0 at {@code lo} to 1 at {@code hi}. */
    static float smoothstep(float lo, float hi, float v) {
        float t = (v - lo) / (hi - lo);
        t = t < 0f ? 0f : (t > 1f ? 1f : t);
        return t * t * (3f - 2f * t);
    }
}
