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
        final double invK = 1 / Hue.K;
        // output = luminance + (new α, new β) mapped back to RGB with zero luminance, times the luminance factor
        final double ka = (2.0 / 3) * (Hue.WR - 0.5 * Hue.WG - 0.5 * Hue.WB);
        final double kb = invK * 0.5 * (Hue.WG - Hue.WB);
        final float ra = (float) (2.0 / 3 - ka);
        final float rb = (float) -kb;
        final float ga = (float) (-1.0 / 3 - ka);
        final float gb = (float) (0.5 * invK - kb);
        final float ba = ga;
        final float bb = (float) (-0.5 * invK - kb);
        return (Strip s) -> {
            float[] r = s.red();
            float[] g = s.green();
            float[] b = s.blue();
            int start = s.start();
            int n = s.end() - start;
            float[] x = Scratch.load(0, r, start, n);
            float[] y = Scratch.load(1, g, start, n);
            float[] z = Scratch.load(2, b, start, n);
            float[] c = Scratch.get(3, n);
            float[] sn = Scratch.get(4, n);
            float[] dh = Scratch.get(5, n);
            float[] f = Scratch.get(6, n);
            float[] cs = Scratch.get(7, n);
            float[] lf = Scratch.get(8, n);
            float[] ty = Scratch.get(9, n);
            float[] o = Scratch.get(10, n);
            // many small loops, each storing one plane and indexing every array alike: C2 unrolls and
            // vectorizes each of them (one big loop body is neither)
            for (int j = 0; j < n; j++) {
                float al = x[j] - 0.5f * (y[j] + z[j]);
                float be = k * (y[j] - z[j]);
                c[j] = al / (float) Math.sqrt(al * al + be * be + 1e-24f);
            }
            for (int j = 0; j < n; j++) {
                float al = x[j] - 0.5f * (y[j] + z[j]);
                float be = k * (y[j] - z[j]);
                sn[j] = be / (float) Math.sqrt(al * al + be * be + 1e-24f);
            }
            float[] c2 = Scratch.get(11, n);
            float[] s2 = Scratch.get(12, n);
            for (int j = 0; j < n; j++) {
                c2[j] = c[j] * c[j] - sn[j] * sn[j];
            }
            for (int j = 0; j < n; j++) {
                s2[j] = 2f * c[j] * sn[j];
            }
            fourier(c, sn, c2, s2, dh, h, n);
            fourier(c, sn, c2, s2, f, sa, n);
            fourier(c, sn, c2, s2, lf, lu, n);
            for (int j = 0; j < n; j++) {
                ty[j] = wr * x[j] + wg * y[j] + wb * z[j];
            }
            for (int j = 0; j < n; j++) {
                // luminance change weighted by relative chroma, so greys keep their level
                float al = x[j] - 0.5f * (y[j] + z[j]);
                float be = k * (y[j] - z[j]);
                float w = Math.min(1f, (float) Math.sqrt(al * al + be * be) / (ty[j] + 1e-6f));
                lf[j] = Math.max(0f, 1f + lf[j] * w);
            }
            for (int j = 0; j < n; j++) {
                f[j] = Math.max(0f, 1f + f[j]);
            }
            // rotation by dh (|dh| ≤ 60°) with short Taylor series, chroma scaled by f
            for (int j = 0; j < n; j++) {
                float d2 = dh[j] * dh[j];
                cs[j] = (1f - d2 * (0.5f - d2 * (1f / 24f))) * f[j];
            }
            for (int j = 0; j < n; j++) {
                float d2 = dh[j] * dh[j];
                dh[j] = dh[j] * (1f - d2 * ((1f / 6f) - d2 * (1f / 120f))) * f[j];
            }
            for (int j = 0; j < n; j++) {
                float al = x[j] - 0.5f * (y[j] + z[j]);
                float be = k * (y[j] - z[j]);
                c[j] = al * cs[j] - be * dh[j];
            }
            for (int j = 0; j < n; j++) {
                float al = x[j] - 0.5f * (y[j] + z[j]);
                float be = k * (y[j] - z[j]);
                sn[j] = al * dh[j] + be * cs[j];
            }
            for (int j = 0; j < n; j++) {
                o[j] = Math.max(0f, (ty[j] + ra * c[j] + rb * sn[j]) * lf[j]);
            }
            System.arraycopy(o, 0, r, start, n);
            for (int j = 0; j < n; j++) {
                o[j] = Math.max(0f, (ty[j] + ga * c[j] + gb * sn[j]) * lf[j]);
            }
            System.arraycopy(o, 0, g, start, n);
            for (int j = 0; j < n; j++) {
                o[j] = Math.max(0f, (ty[j] + ba * c[j] + bb * sn[j]) * lf[j]);
            }
            System.arraycopy(o, 0, b, start, n);
        };
    }

    /** Writes the 4th-order Fourier series with coefficients {@code q} at the hue (cos, sin) of each pixel. */
    private static void fourier(float[] c, float[] s, float[] cc, float[] ss, float[] out, float[] q, int n) {
        final float q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7], q8 = q[8];
        for (int j = 0; j < n; j++) {
            out[j] = q0 + q1 * c[j] + q2 * s[j] + q3 * cc[j] + q4 * ss[j];
        }
        for (int j = 0; j < n; j++) {
            float c2 = cc[j];
            float s2 = ss[j];
            out[j] += q5 * (c2 * c[j] - s2 * s[j]) + q6 * (s2 * c[j] + c2 * s[j]) + q7 * (c2 * c2 - s2 * s2)
                    + q8 * (2f * c2 * s2);
        }
    }
}
