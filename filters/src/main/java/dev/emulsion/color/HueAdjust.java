package dev.emulsion.color;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Strip;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-hue hue, saturation and luminance changes for eight hue ranges centred on red 0°, orange 30°,
 * yellow 60°, green 120°, aqua 180°, blue 240°, purple 270° and magenta 300° (angles in the opponent plane of
 * {@link Hue}). Between the centres the changes are interpolated linearly around the circle, then smoothed to
 * a 4th-order Fourier series so the kernel needs no angle: it works from the normalised chroma vector
 * (cos h, sin h) and its multiple-angle products, without {@code atan2} or branches. Greys are untouched:
 * every change scales with chroma, and luminance is kept by the hue and saturation changes.
 */
public final class HueAdjust implements ColorStage {
    /** Hue centres in degrees, in parameter order. */
    public static final double[] CENTRES = {0, 30, 60, 120, 180, 240, 270, 300};
    /** Names of the ranges, in parameter order. */
    public static final String RANGES = "red, orange, yellow, green, aqua, blue, purple, magenta";
    private static final int ORDER = 4;

    /** The declaration: {@code hue-adjust.hue}, {@code .saturation}, {@code .luminance}. */
    public static final StageSpec SPEC = StageSpec.builder("hue-adjust", PipelineOrder.DEVELOPMENT + 20,
                    "Hue, saturation and luminance per hue range (" + RANGES + ")")
            .param(Param.reals("hue", "°", -60, 60, new double[8],
                    "hue shift of each range: " + RANGES))
            .param(Param.reals("saturation", "", -1, 2, new double[8],
                    "relative chroma change of each range (−1 removes it, 0.2 adds 20 %)"))
            .param(Param.reals("luminance", "", -0.8, 0.8, new double[8],
                    "relative luminance change of each range at full chroma"))
            .factory(v -> new HueAdjust(v.reals("hue"), v.reals("saturation"), v.reals("luminance")))
            .build();

    private final ParamValues params;
    /** Fourier coefficients: [a0, a1, b1, ..., a4, b4] for hue (radians), saturation, luminance. */
    private final float[] hc;
    private final float[] sc;
    private final float[] lc;

    /**
     * @param hue        eight hue shifts in degrees, −60 to 60
     * @param saturation eight relative chroma changes, −1 to 2
     * @param luminance  eight relative luminance changes, −0.8 to 0.8
     */
    public HueAdjust(double[] hue, double[] saturation, double[] luminance) {
        double[] h = SPEC.checkReals("hue", hue);
        double[] s = SPEC.checkReals("saturation", saturation);
        double[] l = SPEC.checkReals("luminance", luminance);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("hue", hue);
        raw.put("saturation", saturation);
        raw.put("luminance", luminance);
        this.params = SPEC.values(raw);
        double[] hr = new double[8];
        for (int i = 0; i < 8; i++) {
            hr[i] = Math.toRadians(h[i]);
        }
        this.hc = fourier(hr);
        this.sc = fourier(s);
        this.lc = fourier(l);
    }

    /** Piecewise-linear periodic interpolation of the control values at angle deg. */
    static double interpolate(double[] v, double deg) {
        double d = ((deg % 360) + 360) % 360;
        for (int i = 0; i < 8; i++) {
            double a = CENTRES[i];
            double b = i == 7 ? 360 : CENTRES[i + 1];
            if (d >= a && d <= b) {
                double t = (d - a) / (b - a);
                return v[i] * (1 - t) + v[(i + 1) % 8] * t;
            }
        }
        return v[0];
    }

    private static float[] fourier(double[] v) {
        int n = 720;
        double[] c = new double[2 * ORDER + 1];
        for (int k = 0; k < n; k++) {
            double deg = 360.0 * k / n;
            double f = interpolate(v, deg);
            double th = Math.toRadians(deg);
            c[0] += f / n;
            for (int m = 1; m <= ORDER; m++) {
                c[2 * m - 1] += 2 * f * Math.cos(m * th) / n;
                c[2 * m] += 2 * f * Math.sin(m * th) / n;
            }
        }
        float[] out = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = (float) c[i];
        }
        return out;
    }

    /** @return the smoothed change of one kind (0 hue in degrees, 1 saturation, 2 luminance) at a hue angle */
    public double response(int kind, double degrees) {
        float[] c = kind == 0 ? hc : kind == 1 ? sc : lc;
        double th = Math.toRadians(degrees);
        double v = c[0];
        for (int m = 1; m <= ORDER; m++) {
            v += c[2 * m - 1] * Math.cos(m * th) + c[2 * m] * Math.sin(m * th);
        }
        return kind == 0 ? Math.toDegrees(v) : v;
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    @Override
    public PointKernel prepare(int width, int height, RenderContext ctx) {
        final float[] h = hc.clone();
        final float[] sa = sc.clone();
        final float[] lu = lc.clone();
        final float wr = (float) Hue.WR;
        final float wg = (float) Hue.WG;
        final float wb = (float) Hue.WB;
        final float k = (float) Hue.K;
        final float invK = (float) (1 / Hue.K);
        return (Strip s) -> {
            float[] pr = s.red();
            float[] pg = s.green();
            float[] pb = s.blue();
            int end = s.end();
            for (int i = s.start(); i < end; i++) {
                float r = pr[i];
                float g = pg[i];
                float b = pb[i];
                float y = wr * r + wg * g + wb * b;
                float al = r - 0.5f * (g + b);
                float be = k * (g - b);
                float cc = al * al + be * be;
                float inv = 1f / (float) Math.sqrt(cc + 1e-24f);
                float c1 = al * inv;
                float s1 = be * inv;
                float c2 = c1 * c1 - s1 * s1;
                float s2 = 2f * c1 * s1;
                float c3 = c2 * c1 - s2 * s1;
                float s3 = s2 * c1 + c2 * s1;
                float c4 = c2 * c2 - s2 * s2;
                float s4 = 2f * c2 * s2;
                float dh = h[0] + h[1] * c1 + h[2] * s1 + h[3] * c2 + h[4] * s2 + h[5] * c3 + h[6] * s3
                        + h[7] * c4 + h[8] * s4;
                float ds = sa[0] + sa[1] * c1 + sa[2] * s1 + sa[3] * c2 + sa[4] * s2 + sa[5] * c3 + sa[6] * s3
                        + sa[7] * c4 + sa[8] * s4;
                float dl = lu[0] + lu[1] * c1 + lu[2] * s1 + lu[3] * c2 + lu[4] * s2 + lu[5] * c3 + lu[6] * s3
                        + lu[7] * c4 + lu[8] * s4;
                // rotation by dh (|dh| ≤ 60°) with short Taylor series, chroma scaled by 1 + ds
                float d2 = dh * dh;
                float f = Math.max(0f, 1f + ds);
                float cosH = (1f - d2 * (0.5f - d2 * (1f / 24f))) * f;
                float sinH = dh * (1f - d2 * ((1f / 6f) - d2 * (1f / 120f))) * f;
                float a2 = al * cosH - be * sinH;
                float b2 = al * sinH + be * cosH;
                float dr = a2 * (2f / 3f);
                float dgb = b2 * invK;
                float dg = 0.5f * (dgb - dr);
                float db = -0.5f * (dgb + dr);
                float yd = wr * dr + wg * dg + wb * db;
                float base = y - yd;
                // luminance change weighted by relative chroma, so greys keep their level
                float w = Math.min(1f, cc * inv / (y + 1e-6f));
                float lf = Math.max(0f, 1f + dl * w);
                pr[i] = Math.max(0f, (base + dr) * lf);
                pg[i] = Math.max(0f, (base + dg) * lf);
                pb[i] = Math.max(0f, (base + db) * lf);
            }
        };
    }
}
