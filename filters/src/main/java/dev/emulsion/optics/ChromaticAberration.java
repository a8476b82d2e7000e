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
        float[] outG = input.green().clone();
        float[] alpha = input.alpha() == null ? null : input.alpha().clone();
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double rc = Math.max(1e-9, Math.hypot(cx, cy));
        float[] dx = new float[w];
        float[] dx2 = new float[w];
        for (int x = 0; x < w; x++) {
            dx[x] = (float) (x - cx);
            dx2[x] = (float) ((x - cx) * (x - cx) / (rc * rc));
        }
        double q = model.equals("poly3") ? cubic : 0.0;
        // relative magnification m(r) = 1 + a + b r²: corner displacement D px → a = (1-q) D/rc, b = q D/rc
        float[] coefR = coefficients(cornerPx(red, w, h, ctx) / rc, q);
        float[] coefB = coefficients(cornerPx(blue, w, h, ctx) / rc, q);
        float[] srcR = input.red();
        float[] srcB = input.blue();
        boolean clamp = clampOvershoot;
        if (q == 0.0) {
            // linear model: a pure magnification about the centre, so the resampling is separable
            scaleSeparable(srcR, outR, w, h, cx, cy, 1.0 / (1.0 + coefR[0]), clamp, ctx);
            scaleSeparable(srcB, outB, w, h, cx, cy, 1.0 / (1.0 + coefB[0]), clamp, ctx);
        } else {
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
            });
        }
        return new FloatImage(w, h, outR, outG, outB, alpha, input.space());
    }

    /**
     * Resamples {@code src} magnified by {@code 1/inv} about (cx, cy): output (x, y) reads source
     * (cx + (x − cx)·inv, cy + (y − cy)·inv). Interpolates the four source rows into a line (a flat,
     * vectorizable loop), then along the line with per-column weights computed once, clamping to the 2×2
     * nearest source pixels as {@link Resample#sample} does.
     */
    private static void scaleSeparable(float[] src, float[] dst, int w, int h, double cx, double cy, double inv,
                                       boolean clamp, RenderContext ctx) {
        if (inv == 1.0) {
            System.arraycopy(src, 0, dst, 0, w * h);
            return;
        }
        // per column: the padded-line index of the first tap and the four weights; coordinates outside the
        // image are clamped to its edge
        int[] xb = new int[w];
        float[] wa = new float[w];
        float[] wb = new float[w];
        float[] wc = new float[w];
        float[] wd = new float[w];
        float[] tmp4 = new float[4];
        for (int x = 0; x < w; x++) {
            double sx = Math.max(0.0, Math.min(w - 1.0, cx + (x - cx) * inv));
            int x0 = (int) Math.floor(sx);
            Resample.weights((float) (sx - x0), tmp4);
            wa[x] = tmp4[0];
            wb[x] = tmp4[1];
            wc[x] = tmp4[2];
            wd[x] = tmp4[3];
            xb[x] = x0;
        }
        ctx.scheduler().forRanges(h, 8, (y0, y1) -> {
            float[] wy = new float[4];
            // padded lines: index k holds source column k - 1 (one clamped column left, two right)
            float[] line = new float[w + 3];
            float[] lo = new float[w + 3];
            float[] hi = new float[w + 3];
            int[] rows = new int[4];
            for (int y = y0; y < y1; y++) {
                double sy = Math.max(0.0, Math.min(h - 1.0, cy + (y - cy) * inv));
                int yb = (int) Math.floor(sy);
                Resample.weights((float) (sy - yb), wy);
                for (int j = 0; j < 4; j++) {
                    int yy = yb - 1 + j;
                    rows[j] = (yy < 0 ? 0 : (yy >= h ? h - 1 : yy)) * w;
                }
                float w0 = wy[0];
                float w1 = wy[1];
                float w2 = wy[2];
                float w3 = wy[3];
                int r0 = rows[0];
                int r1 = rows[1];
                int r2 = rows[2];
                int r3 = rows[3];
                for (int x = 0; x < w; x++) {
                    float a = src[r1 + x];
                    float b = src[r2 + x];
                    line[x + 1] = w0 * src[r0 + x] + w1 * a + w2 * b + w3 * src[r3 + x];
                    lo[x + 1] = Math.min(a, b);
                    hi[x + 1] = Math.max(a, b);
                }
                line[0] = line[1];
                line[w + 1] = line[w];
                line[w + 2] = line[w];
                lo[0] = lo[1];
                lo[w + 1] = lo[w];
                lo[w + 2] = lo[w];
                hi[0] = hi[1];
                hi[w + 1] = hi[w];
                hi[w + 2] = hi[w];
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    int k = xb[x];
                    float v = wa[x] * line[k] + wb[x] * line[k + 1] + wc[x] * line[k + 2] + wd[x] * line[k + 3];
                    if (clamp) {
                        // the 2×2 nearest source pixels bound the result: no overshoot beside edges
                        v = Math.max(Math.min(lo[k + 1], lo[k + 2]), Math.min(Math.max(hi[k + 1], hi[k + 2]), v));
                    }
                    dst[o + x] = v;
                }
            }
        });
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
