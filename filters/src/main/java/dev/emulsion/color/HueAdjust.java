package dev.emulsion.color;

import dev.emulsion.chain.ColorKernel;
import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
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
 * (c, s) = (cos h, sin h), where each series is the polynomial {@code A(c) + s·B(c)} (Chebyshev forms of
 * cos mh and sin mh, evaluated by Horner's rule), without {@code atan2}, tables or branches. Greys are untouched:
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

    /**
     * The series {@code q} (coefficients a0, a1, b1, ..., a4, b4) as {@code A(c) + s·B(c)} in the hue's cosine
     * c and sine s, by the Chebyshev forms of cos mθ and sin mθ: {@code A} has 5 coefficients (degree 4, from
     * c^0 up), {@code B} 4 (degree 3). The same function of the hue, evaluated by Horner's rule without the
     * planes of multiple-angle products.
     */
    static float[] polynomial(float[] q) {
        double a0 = q[0], a1 = q[1], b1 = q[2], a2 = q[3], b2 = q[4], a3 = q[5], b3 = q[6], a4 = q[7], b4 = q[8];
        return new float[] {
            (float) (a0 - a2 + a4), (float) (a1 - 3 * a3), (float) (2 * a2 - 8 * a4), (float) (4 * a3), (float) (8 * a4),
            (float) (b1 - b3), (float) (2 * b2 - 4 * b4), (float) (4 * b3), (float) (8 * b4)};
    }

    private static boolean allZero(float[] q) {
        for (float v : q) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public PointKernel prepare(int width, int height, RenderContext ctx) {
        if (allZero(hc) && allZero(sc) && allZero(lc)) {
            return (ColorKernel) (r, g, b, n) -> { };
        }
        final float[] h = polynomial(hc);
        final float[] sa = polynomial(sc);
        final float[] lu = polynomial(lc);
        final boolean lumZero = allZero(lc);
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
        return (ColorKernel) (x, y, z, n) -> {
            float[] al = Scratch.get(0, n);
            float[] be = Scratch.get(1, n);
            float[] ty = Scratch.get(2, n);
            float[] iv = Scratch.get(3, n);
            float[] dh = Scratch.get(4, n);
            float[] f = Scratch.get(5, n);
            float[] u = Scratch.get(6, n);
            float[] lf = Scratch.get(7, n);
            // Many small loops, each storing one plane and indexing every array alike, so C2 unrolls and
            // vectorizes each of them. Those loops are bound by arithmetic, so there are as few of them as
            // possible: the hue vector (c, s) = (α, β)/chroma is formed inside each series instead of in loops
            // of its own, the rotated and scaled chroma (α', β') is stored instead of the factors f·cos and
            // f·sin (so each output channel is one short loop), and a luminance factor of 1 is not applied.
            opponent(x, y, z, al, be, ty, wr, wg, wb, k, n);
            inverseChroma(al, be, iv, n);
            series(al, be, iv, dh, h, n);
            chroma(al, be, iv, f, sa, n);
            rotated(al, be, dh, f, u, n);
            rotatedBeta(al, be, dh, f, n);
            if (lumZero) {
                channel(ty, u, dh, x, ra, rb, n);
                channel(ty, u, dh, y, ga, gb, n);
                channel(ty, u, dh, z, ba, bb, n);
            } else {
                series(al, be, iv, lf, lu, n);
                luminance(al, be, ty, iv, lf, n);
                channel(ty, u, dh, lf, x, ra, rb, n);
                channel(ty, u, dh, lf, y, ga, gb, n);
                channel(ty, u, dh, lf, z, ba, bb, n);
            }
        };
    }

    /** α, β and luminance Y of each pixel. */
    private static void opponent(float[] x, float[] y, float[] z, float[] al, float[] be, float[] ty, float wr,
                                 float wg, float wb, float k, int n) {
        for (int j = 0; j < n; j++) {
            al[j] = x[j] - 0.5f * (y[j] + z[j]);
        }
        for (int j = 0; j < n; j++) {
            be[j] = k * (y[j] - z[j]);
        }
        for (int j = 0; j < n; j++) {
            ty[j] = wr * x[j] + wg * y[j] + wb * z[j];
        }
    }

    /** 1/chroma, so that (α·iv, β·iv) = (cos h, sin h) without atan2. */
    private static void inverseChroma(float[] al, float[] be, float[] iv, int n) {
        for (int j = 0; j < n; j++) {
            iv[j] = 1f / (float) Math.sqrt(al[j] * al[j] + be[j] * be[j] + 1e-24f);
        }
    }

    /**
     * Writes {@code A(c) + s·B(c)} (see {@link #polynomial}) at each pixel's hue (c, s) = (α·iv, β·iv).
     */
    private static void series(float[] al, float[] be, float[] iv, float[] out, float[] p, int n) {
        final float p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5], p6 = p[6], p7 = p[7],
                p8 = p[8];
        for (int j = 0; j < n; j++) {
            float cj = al[j] * iv[j];
            float sj = be[j] * iv[j];
            out[j] = p0 + cj * (p1 + cj * (p2 + cj * (p3 + cj * p4))) + sj * (p5 + cj * (p6 + cj * (p7 + cj * p8)));
        }
    }

    /** Writes the chroma factor {@code max(0, 1 + A(c) + s·B(c))} of the saturation series {@code p}. */
    private static void chroma(float[] al, float[] be, float[] iv, float[] out, float[] p, int n) {
        final float p0 = p[0] + 1f, p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5], p6 = p[6], p7 = p[7],
                p8 = p[8];
        for (int j = 0; j < n; j++) {
            float cj = al[j] * iv[j];
            float sj = be[j] * iv[j];
            out[j] = Math.max(0f, p0 + cj * (p1 + cj * (p2 + cj * (p3 + cj * p4)))
                    + sj * (p5 + cj * (p6 + cj * (p7 + cj * p8))));
        }
    }

    /**
     * α' = f·(α·cos dh − β·sin dh): the chroma turned by the hue shift dh (|dh| ≤ 60°, short Taylor series) and
     * scaled by the chroma factor f.
     */
    private static void rotated(float[] al, float[] be, float[] dh, float[] f, float[] out, int n) {
        for (int j = 0; j < n; j++) {
            float d = dh[j];
            float d2 = d * d;
            float cs = 1f - d2 * (0.5f - d2 * (1f / 24f));
            float sn = d * (1f - d2 * ((1f / 6f) - d2 * (1f / 120f)));
            out[j] = f[j] * (al[j] * cs - be[j] * sn);
        }
    }

    /** β' = f·(α·sin dh + β·cos dh), written over dh. */
    private static void rotatedBeta(float[] al, float[] be, float[] dh, float[] f, int n) {
        for (int j = 0; j < n; j++) {
            float d = dh[j];
            float d2 = d * d;
            float cs = 1f - d2 * (0.5f - d2 * (1f / 24f));
            float sn = d * (1f - d2 * ((1f / 6f) - d2 * (1f / 120f)));
            dh[j] = f[j] * (al[j] * sn + be[j] * cs);
        }
    }

    /**
     * The luminance factor {@code max(0, 1 + l·min(1, chroma / Y))} over {@code l}: weighted by relative chroma
     * so greys keep their level ({@code iv} is 1/chroma).
     */
    private static void luminance(float[] al, float[] be, float[] ty, float[] iv, float[] l, int n) {
        for (int j = 0; j < n; j++) {
            l[j] = Math.max(0f, 1f + l[j] * Math.min(1f, (al[j] * al[j] + be[j] * be[j]) * iv[j] / (ty[j] + 1e-6f)));
        }
    }

    /** One output channel: {@code (Y + a·α' + b·β')·lf}, clipped at 0. */
    private static void channel(float[] ty, float[] u, float[] v, float[] lf, float[] out, float a, float b,
                                int n) {
        for (int j = 0; j < n; j++) {
            out[j] = Math.max(0f, (ty[j] + a * u[j] + b * v[j]) * lf[j]);
        }
    }

    /** One output channel without a luminance change: {@code Y + a·α' + b·β'}, clipped at 0. */
    private static void channel(float[] ty, float[] u, float[] v, float[] out, float a, float b, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = Math.max(0f, ty[j] + a * u[j] + b * v[j]);
        }
    }
}
