package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Radial lens distortion, barrel ({@code k1 < 0}) or pincushion ({@code k1 > 0}).
 *
 * <p>An ideal image point at normalized radius {@code r_u} (1 = frame corner) is drawn at
 * {@code r_d = r_u · (1 + k1·r_u² + k2·r_u⁴)} (the polynomial model lensfun calls poly5), then the whole
 * frame is magnified by the smallest zoom that leaves no empty border: every output pixel, including the
 * corners and the middle of every edge, reads from inside the source. {@link #zoom(int, int)} reports it.
 * Lines through the centre stay straight; other lines bow by the model.
 *
 * <p>The inverse mapping comes from a table of {@code r_u/r_d} over {@code r_d²} (no per-pixel root finding
 * or square root); all channels are resampled with one set of clamped Catmull-Rom weights.
 */
public final class Distortion implements Stage {
    /** The declaration. */
    public static final StageSpec SPEC = StageSpec.builder("distortion", PipelineOrder.LENS,
                    "Barrel / pincushion distortion r_d = r_u (1 + k1 r_u^2 + k2 r_u^4), scaled to hide borders")
            .param(Param.real("k1", "", -0.4, 0.4, -0.02, "r^2 term at the corner radius: < 0 barrel, > 0 pincushion"))
            .param(Param.real("k2", "", -0.2, 0.2, 0, "r^4 term at the corner radius"))
            .factory(v -> new Distortion(v.real("k1"), v.real("k2")))
            .build();

    private static final int TABLE = 2048;
    private static final double R_MAX = 2.0;

    private final double k1;
    private final double k2;
    private final double ruLimit;
    private final boolean autoScale;
    private final ParamValues params;

    /**
     * @param k1 −0.4 to 0.4
     * @param k2 −0.2 to 0.2
     * @throws IllegalArgumentException if out of range or the model folds over (r_d not increasing) inside the frame
     */
    public Distortion(double k1, double k2) {
        this(k1, k2, true);
    }

    /** Test hook: {@code autoScale = false} keeps zoom 1 (empty borders for barrel: a negative control). */
    Distortion(double k1, double k2, boolean autoScale) {
        this.autoScale = autoScale;
        this.k1 = SPEC.checkReal("k1", k1);
        this.k2 = SPEC.checkReal("k2", k2);
        double limit = R_MAX;
        for (int i = 1; i <= 2000; i++) {
            double r = i * R_MAX / 2000;
            if (1 + 3 * k1 * r * r + 5 * k2 * r * r * r * r <= 0.05) {
                limit = r - R_MAX / 2000;
                break;
            }
        }
        if (limit < 1.0 || forward(limit) < 1.0) {
            throw new IllegalArgumentException("distortion.k1/k2 = " + k1 + "/" + k2
                    + " is out of range: allowed is a model whose radius keeps increasing out to the frame corner");
        }
        this.ruLimit = limit;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k1", k1);
        m.put("k2", k2);
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

    /** @return r_d for an ideal radius r_u (both normalized to the corner) before the zoom */
    public double forward(double ru) {
        double r2 = ru * ru;
        return ru * (1 + k1 * r2 + k2 * r2 * r2);
    }

    private double inverse(double rd) {
        double lo = 0;
        double hi = ruLimit;
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (forward(mid) < rd) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * @return the magnification applied after the model so no border is empty: an ideal point p (from the
     *     centre, normalized) lands at {@code zoom · p · r_d/r_u}
     */
    public double zoom(int width, int height) {
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double rc = Math.hypot(cx, cy);
        double ex = cx / rc;
        double ey = cy / rc;
        double lo = 0.2;
        double hi = 5.0;
        for (int it = 0; it < 50; it++) {
            double z = 0.5 * (lo + hi);
            if (covers(z, ex, ey)) {
                hi = z;
            } else {
                lo = z;
            }
        }
        return hi;
    }

    /** Whether, at zoom z, every point of the output frame's border reads from inside the source frame. */
    private boolean covers(double z, double ex, double ey) {
        double rdMax = forward(ruLimit);
        int n = 512;
        for (int i = 0; i <= n; i++) {
            double t = -1 + 2.0 * i / n;
            double[][] pts = {{t * ex, ey}, {t * ex, -ey}, {ex, t * ey}, {-ex, t * ey}};
            for (double[] p : pts) {
                double rd = Math.hypot(p[0], p[1]) / z;
                if (rd > rdMax) {
                    return false;
                }
                double ratio = rd < 1e-12 ? 1.0 / z : inverse(rd) / rd / z;
                if (Math.abs(p[0] * ratio) > ex * (1 + 1e-9) || Math.abs(p[1] * ratio) > ey * (1 + 1e-9)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The inverse mapping of one image size: source/output radius ratio over q = (r_out / rc)². */
    private final class Mapping {
        final double cx;
        final double cy;
        final double rc;
        final float[] ratio = new float[TABLE + 2];
        final float qScale;

        Mapping(int w, int h) {
            cx = (w - 1) / 2.0;
            cy = (h - 1) / 2.0;
            rc = Math.max(1e-9, Math.hypot(cx, cy));
            double z = autoScale ? zoom(w, h) : 1.0;
            double qMax = 1.0001;
            double rdMax = forward(ruLimit);
            for (int i = 0; i <= TABLE + 1; i++) {
                double q = Math.min(i, TABLE) * qMax / TABLE;
                double rd = Math.sqrt(q) / z;
                ratio[i] = (float) (rd < 1e-12 ? 1.0 / z : inverse(Math.min(rd, rdMax)) / rd / z);
            }
            qScale = (float) (TABLE / qMax);
        }

        float at(float q) {
            float t = Math.min(q * qScale, TABLE);
            int i = (int) t;
            float f = t - i;
            return ratio[i] + f * (ratio[i + 1] - ratio[i]);
        }
    }

    /** @return the source position (x, y interleaved, pixel coordinates) every output pixel reads from */
    float[] sourceCoordinates(int w, int h) {
        Mapping m = new Mapping(w, h);
        float[] out = new float[2 * w * h];
        for (int y = 0; y < h; y++) {
            float dy = (float) (y - m.cy);
            float qy = (float) (dy * dy / (m.rc * m.rc));
            for (int x = 0; x < w; x++) {
                float dx = (float) (x - m.cx);
                float k = m.at((float) (dx * dx / (m.rc * m.rc)) + qy);
                out[2 * (y * w + x)] = (float) m.cx + dx * k;
                out[2 * (y * w + x) + 1] = (float) m.cy + dy * k;
            }
        }
        return out;
    }

    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        int w = input.width();
        int h = input.height();
        Mapping m = new Mapping(w, h);
        float[] dx = new float[w];
        float[] q2 = new float[w];
        for (int x = 0; x < w; x++) {
            dx[x] = (float) (x - m.cx);
            q2[x] = (float) (dx[x] * dx[x] / (m.rc * m.rc));
        }
        int planes = input.hasAlpha() ? 4 : 3;
        float[][] src = new float[planes][];
        FloatImage out = input.blankLike();
        float[][] dst = new float[planes][];
        for (int c = 0; c < planes; c++) {
            src[c] = input.plane(c);
            dst[c] = out.plane(c);
        }
        float fcx = (float) m.cx;
        float fcy = (float) m.cy;
        ctx.scheduler().forRanges(h, 8, (y0, y1) -> {
            float[] wx = new float[4];
            float[] wy = new float[4];
            for (int y = y0; y < y1; y++) {
                float dy = (float) (y - m.cy);
                float qy = (float) (dy * dy / (m.rc * m.rc));
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    float k = m.at(q2[x] + qy);
                    float sx = fcx + dx[x] * k;
                    float sy = fcy + dy * k;
                    int x0 = (int) Math.floor(sx);
                    int y0c = (int) Math.floor(sy);
                    Resample.weights(sx - x0, wx);
                    Resample.weights(sy - y0c, wy);
                    for (int c = 0; c < planes; c++) {
                        dst[c][o + x] = Resample.sampleWith(src[c], w, h, x0, y0c, true, wx, wy);
                    }
                }
            }
        });
        return out;
    }
}
