package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lateral (transverse) chromatic aberration: the red and blue images are magnified slightly differently from
 * the green one, so colour fringes grow from nothing at the optical axis to their largest in the corners.
 *
 * <p>Models, relative to green, with the radius r normalized to 1 at the frame corner (lensfun's TCA models
 * with that normalization): {@code linear} R_d = k·R_u; {@code poly3} R_d = R_u·(b·R_u² + c·R_u + v) with
 * c = 0, where a share {@code cubic} of the corner displacement is carried by the cubic term (b) and the rest
 * by the linear one (v − 1). {@code red} and {@code blue} give the displacement of that channel at the corner,
 * positive outward, in µm on film ({@code unit = um}, converted with the context's pixel pitch so the look is
 * the same at any resolution) or in pixels ({@code unit = px}).
 *
 * <p>Red and blue are resampled with a bicubic (Catmull-Rom) kernel whose result is clamped to the four
 * nearest source pixels, so edges do not ring; green and alpha are copied bit for bit. The source radius is
 * computed from r² (no square root) and the mapping is the exact inverse of the model for {@code linear}.
 */
public final class ChromaticAberration implements Stage {
    /** The declaration. */
    public static final StageSpec SPEC = StageSpec.builder("chromatic-aberration", PipelineOrder.LENS + 10,
                    "Lateral chromatic aberration: red and blue scaled radially relative to green")
            .param(Param.choice("model", List.of("linear", "poly3"), "linear",
                    "lensfun TCA model: linear (displacement grows as r) or poly3 (adds an r^3 term)"))
            .param(Param.real("red", "µm", -200, 200, 4, "red displacement at the frame corner, + outward"))
            .param(Param.real("blue", "µm", -200, 200, -4, "blue displacement at the frame corner, + outward"))
            .param(Param.choice("unit", List.of("um", "px"), "um", "unit of red and blue: um on film or px"))
            .param(Param.real("cubic", "", 0, 1, 1, "poly3 only: share of the corner displacement in the r^3 term"))
            .factory(v -> new ChromaticAberration(v.choice("model"), v.real("red"), v.real("blue"),
                    v.choice("unit"), v.real("cubic")))
            .build();

    private final String model;
    private final double red;
    private final double blue;
    private final String unit;
    private final double cubic;
    private final boolean clampOvershoot;
    private final ParamValues params;

    /**
     * @param model "linear" or "poly3"
     * @param red   red corner displacement, −200 to 200 (µm or px)
     * @param blue  blue corner displacement, −200 to 200
     * @param unit  "um" or "px"
     * @param cubic poly3 share of the cubic term, 0 to 1
     */
    public ChromaticAberration(String model, double red, double blue, String unit, double cubic) {
        this(model, red, blue, unit, cubic, true);
    }

    /** Linear model, displacements in µm on film at the corner. */
    public ChromaticAberration(double redMicrons, double blueMicrons) {
        this("linear", redMicrons, blueMicrons, "um", 1);
    }

    /** Test hook: {@code clampOvershoot = false} is the plain, ringing bicubic (a negative control). */
    ChromaticAberration(String model, double red, double blue, String unit, double cubic, boolean clampOvershoot) {
        this.model = SPEC.checkChoice("model", model);
        this.red = SPEC.checkReal("red", red);
        this.blue = SPEC.checkReal("blue", blue);
        this.unit = SPEC.checkChoice("unit", unit);
        this.cubic = SPEC.checkReal("cubic", cubic);
        this.clampOvershoot = clampOvershoot;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("red", red);
        m.put("blue", blue);
        m.put("unit", unit);
        m.put("cubic", cubic);
        this.params = SPEC.values(m);
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    /**
     * @return the declared displacement in pixels of channel 0 (red) or 2 (blue) at normalized radius r on an
     *     image of this size
     */
    public double displacementPx(int channel, double r, int width, int height, RenderContext ctx) {
        double d = cornerPx(channel == 0 ? red : blue, width, height, ctx);
        double q = model.equals("poly3") ? cubic : 0.0;
        return d * ((1 - q) * r + q * r * r * r);
    }

    private double cornerPx(double amount, int width, int height, RenderContext ctx) {
        return unit.equals("px") ? amount : amount / ctx.pixelPitchMicrons(width, height);
    }

    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        int w = input.width();
        int h = input.height();
        float[] outR = new float[w * h];
        float[] outB = new float[w * h];
        float[] srcG = input.green();
        float[] outG = new float[w * h];
        float[] srcA = input.alpha();
        float[] outA = srcA == null ? null : new float[w * h];
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double rc = Math.max(1e-9, Math.hypot(cx, cy));
        double q = model.equals("poly3") ? cubic : 0.0;
        // relative magnification m(r) = 1 + a + b r²: corner displacement D px → a = (1-q) D/rc, b = q D/rc
        float[] coefR = coefficients(cornerPx(red, w, h, ctx) / rc, q);
        float[] coefB = coefficients(cornerPx(blue, w, h, ctx) / rc, q);
        float[] srcR = input.red();
        float[] srcB = input.blue();
        boolean clamp = clampOvershoot;
        if (q == 0.0) {
            // linear model: a pure magnification about the centre, so the resampling is separable
            Scale scaleR = new Scale(w, h, cx, cy, 1.0 / (1.0 + coefR[0]));
            Scale scaleB = new Scale(w, h, cx, cy, 1.0 / (1.0 + coefB[0]));
            ctx.scheduler().forRanges(h, 8, (y0, y1) -> {
                Scale.Scratch scratch = new Scale.Scratch(w);
                for (int y = y0; y < y1; y++) {
                    scaleR.row(srcR, outR, y, clamp, scratch);
                    scaleB.row(srcB, outB, y, clamp, scratch);
                }
                // green and alpha are copied here rather than cloned up front, so the copy is shared out
                // among the threads too and overlaps the arithmetic
                int from = y0 * w;
                int len = (y1 - y0) * w;
                System.arraycopy(srcG, from, outG, from, len);
                if (srcA != null) {
                    System.arraycopy(srcA, from, outA, from, len);
                }
            });
        } else {
            float[] dx = new float[w];
            float[] dx2 = new float[w];
            for (int x = 0; x < w; x++) {
                dx[x] = (float) (x - cx);
                dx2[x] = (float) ((x - cx) * (x - cx) / (rc * rc));
            }
            ctx.scheduler().forRanges(h, 8, (y0, y1) -> {
                float[] wx = new float[4];
                float[] wy = new float[4];
                for (int y = y0; y < y1; y++) {
                    float dy = (float) (y - cy);
                    float dy2 = (float) (dy * dy / (rc * rc));
                    int o = y * w;
                    resampleRow(srcR, outR, o, w, h, dx, dx2, dy, dy2, (float) cx, (float) cy, coefR, clamp, wx, wy);
                    resampleRow(srcB, outB, o, w, h, dx, dx2, dy, dy2, (float) cx, (float) cy, coefB, clamp, wx, wy);
                }
                int from = y0 * w;
                int len = (y1 - y0) * w;
                System.arraycopy(srcG, from, outG, from, len);
                if (srcA != null) {
                    System.arraycopy(srcA, from, outA, from, len);
                }
            });
        }
        return new FloatImage(w, h, outR, outG, outB, outA, input.space());
    }

    /**
     * A magnification by {@code 1/inv} about (cx, cy), resampled separably: output (x, y) reads source
     * (cx + (x − cx)·inv, cy + (y − cy)·inv). Each output row first interpolates its four source rows into a
     * line (a flat, vectorizable loop), then filters along the line with per-column weights computed once,
     * clamping to the 2×2 nearest source pixels as {@link Resample#sample} does (same arithmetic, same result).
     *
     * <p>The horizontal pass is what costs: read naively it is a gather (column x reads line[xb[x]..+3]). But
     * for the magnifications CA uses (1 ± 10⁻³) the tap offset xb[x] − x is constant over runs of hundreds or
     * thousands of columns, so the columns are cut once into runs of constant offset, and inside a run the
     * filter is a plain loop over x with fixed shifts, which the JIT turns into vector code.
     */
    private static final class Scale {
        private final int w;
        private final int h;
        private final double cy;
        private final double inv;
        private final boolean identity;
        /** Per column: the four Catmull-Rom weights. */
        private final float[] wa;
        private final float[] wb;
        private final float[] wc;
        private final float[] wd;
        /** Runs of columns [runStart[i], runStart[i + 1]) whose first tap is padded-line index x + runShift[i]. */
        private final int[] runStart;
        private final int[] runShift;

        Scale(int w, int h, double cx, double cy, double inv) {
            this.w = w;
            this.h = h;
            this.cy = cy;
            this.inv = inv;
            this.identity = inv == 1.0;
            wa = new float[w];
            wb = new float[w];
            wc = new float[w];
            wd = new float[w];
            float[] tmp4 = new float[4];
            int[] starts = new int[w + 1];
            int[] shifts = new int[w];
            int runs = 0;
            for (int x = 0; x < w; x++) {
                // coordinates outside the image are clamped to its edge
                double sx = Math.max(0.0, Math.min(w - 1.0, cx + (x - cx) * inv));
                int x0 = (int) Math.floor(sx);
                Resample.weights((float) (sx - x0), tmp4);
                wa[x] = tmp4[0];
                wb[x] = tmp4[1];
                wc[x] = tmp4[2];
                wd[x] = tmp4[3];
                // padded-line index of the first tap: line[k] holds source column k − 1, so k = x0
                int shift = x0 - x;
                if (runs == 0 || shifts[runs - 1] != shift) {
                    starts[runs] = x;
                    shifts[runs] = shift;
                    runs++;
                }
            }
            starts[runs] = w;
            runStart = java.util.Arrays.copyOf(starts, runs + 1);
            runShift = java.util.Arrays.copyOf(shifts, runs);
        }

        /** Per-thread row buffers. */
        static final class Scratch {
            /** Padded line: index k holds source column k − 1 (one clamped column left, two right). */
            final float[] line;
            /** Output-column buffers: the four taps, the output row, the clamp bounds. */
            final float[] t0;
            final float[] t1;
            final float[] t2;
            final float[] t3;
            final float[] out;
            /** Per source column: the range of the vertical pair of rows nearest to the sample. */
            final float[] lo;
            final float[] hi;
            /** The four source rows, aligned. */
            final float[] rowA;
            final float[] rowB;
            final float[] rowC;
            final float[] rowD;
            final float[] wy = new float[4];

            Scratch(int w) {
                line = new float[w + 3];
                t0 = new float[w];
                t1 = new float[w];
                t2 = new float[w];
                t3 = new float[w];
                out = new float[w];
                lo = new float[w + 1];
                hi = new float[w + 1];
                rowA = new float[w];
                rowB = new float[w];
                rowC = new float[w];
                rowD = new float[w];
            }
        }

        /**
         * Writes output row {@code y} of {@code dst} from {@code src}.
         *
         * <p>Written for the JDK 17 JIT, which vectorizes a loop only if its body is small (it must unroll to
         * the vector width) and its arrays are indexed by the loop variable without a run-time offset, and
         * never when one array is read at two neighbouring offsets. So every shifted read is first turned into
         * an aligned buffer by {@code System.arraycopy} (a memory copy, far cheaper than a scalar loop), and
         * the arithmetic runs as several short flat loops. Sums keep the order ((p + q) + r) + s of the plain
         * formula, so the result is bit for bit that of {@link Resample}'s arithmetic.
         */
        void row(float[] src, float[] dst, int y, boolean clamp, Scratch s) {
            int o = y * w;
            if (identity) {
                System.arraycopy(src, o, dst, o, w);
                return;
            }
            float[] line = s.line;
            float[] wy = s.wy;
            double sy = Math.max(0.0, Math.min(h - 1.0, cy + (y - cy) * inv));
            int yb = (int) Math.floor(sy);
            Resample.weights((float) (sy - yb), wy);
            float w0 = wy[0];
            float w1 = wy[1];
            float w2 = wy[2];
            float w3 = wy[3];
            int r0 = clampRow(yb - 1) * w;
            int r1 = clampRow(yb) * w;
            int r2 = clampRow(yb + 1) * w;
            int r3 = clampRow(yb + 2) * w;
            float[] a = s.rowA;
            float[] b = s.rowB;
            System.arraycopy(src, r0, a, 0, w);
            System.arraycopy(src, r1, b, 0, w);
            for (int x = 0; x < w; x++) {
                line[x + 1] = w0 * a[x] + w1 * b[x];
            }
            float[] c = s.rowC;
            float[] d = s.rowD;
            System.arraycopy(src, r2, c, 0, w);
            System.arraycopy(src, r3, d, 0, w);
            for (int x = 0; x < w; x++) {
                line[x + 1] = line[x + 1] + w2 * c[x] + w3 * d[x];
            }
            line[0] = line[1];
            line[w + 1] = line[w];
            line[w + 2] = line[w];
            float[] t0 = s.t0;
            float[] t1 = s.t1;
            float[] t2 = s.t2;
            float[] t3 = s.t3;
            int runs = runShift.length;
            for (int i = 0; i < runs; i++) {
                int x0 = runStart[i];
                int len = runStart[i + 1] - x0;
                int k = x0 + runShift[i];
                System.arraycopy(line, k, t0, x0, len);
                System.arraycopy(line, k + 1, t1, x0, len);
                System.arraycopy(line, k + 2, t2, x0, len);
                System.arraycopy(line, k + 3, t3, x0, len);
            }
            float[] out = s.out;
            float[] wa = this.wa;
            float[] wb = this.wb;
            float[] wc = this.wc;
            float[] wd = this.wd;
            for (int x = 0; x < w; x++) {
                out[x] = wa[x] * t0[x] + wb[x] * t1[x];
            }
            for (int x = 0; x < w; x++) {
                out[x] = out[x] + wc[x] * t2[x] + wd[x] * t3[x];
            }
            if (clamp) {
                // the 2×2 nearest source pixels bound the result, so there is no overshoot beside edges:
                // per source column the range of the middle pair of rows, then over the two middle taps
                float[] lo = s.lo;
                float[] hi = s.hi;
                for (int x = 0; x < w; x++) {
                    lo[x] = Math.min(b[x], c[x]);
                }
                for (int x = 0; x < w; x++) {
                    hi[x] = Math.max(b[x], c[x]);
                }
                // one clamped column past the right edge (the padded line's index w + 1)
                lo[w] = lo[w - 1];
                hi[w] = hi[w - 1];
                // middle taps are padded-line indices k + 1 and k + 2, that is source columns k and k + 1
                for (int i = 0; i < runs; i++) {
                    int x0 = runStart[i];
                    int len = runStart[i + 1] - x0;
                    int k = x0 + runShift[i];
                    System.arraycopy(lo, k, t0, x0, len);
                    System.arraycopy(lo, k + 1, t1, x0, len);
                    System.arraycopy(hi, k, t2, x0, len);
                    System.arraycopy(hi, k + 1, t3, x0, len);
                }
                for (int x = 0; x < w; x++) {
                    t0[x] = Math.min(t0[x], t1[x]);
                }
                for (int x = 0; x < w; x++) {
                    t2[x] = Math.max(t2[x], t3[x]);
                }
                for (int x = 0; x < w; x++) {
                    out[x] = Math.max(t0[x], Math.min(t2[x], out[x]));
                }
            }
            System.arraycopy(out, 0, dst, o, w);
        }

        private int clampRow(int yy) {
            return yy < 0 ? 0 : (yy >= h ? h - 1 : yy);
        }
    }

    private static float[] coefficients(double dOverRc, double q) {
        return new float[] {(float) ((1 - q) * dOverRc), (float) (q * dOverRc)};
    }

    private static void resampleRow(float[] src, float[] dst, int o, int w, int h, float[] dx, float[] dx2,
                                    float dy, float dy2, float cx, float cy, float[] coef, boolean clamp,
                                    float[] wx, float[] wy) {
        float a = coef[0];
        float b = coef[1];
        if (a == 0f && b == 0f) {
            System.arraycopy(src, o, dst, o, w);
            return;
        }
        for (int x = 0; x < w; x++) {
            // output radius r_d shows source radius r_u = r_d / m(r_d): the inverse of R_d = m·R_u
            float inv = 1f / (1f + a + b * (dx2[x] + dy2));
            float sx = cx + dx[x] * inv;
            float sy = cy + dy * inv;
            dst[o + x] = Resample.sample(src, w, h, sx, sy, clamp, wx, wy);
        }
    }
}
