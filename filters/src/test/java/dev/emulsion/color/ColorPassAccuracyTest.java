package dev.emulsion.color;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.tone.Fade;
import dev.emulsion.tone.FilmCurve;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast colour pass (tables, Horner polynomials, Taylor rotations, block-wise fusion) against the exact
 * formulas of every stage, kept here in double precision with {@code Math.log10/pow/atan2/cos/sin/sqrt}: random
 * colours (bright ones far above 1, dark ones near 0) and grey and colour ramps over 26 stops. Errors are
 * measured as the maximum absolute difference in linear light and as CIEDE2000 after the output mapping (clip
 * to [0, 1] as an sRGB file does).
 */
class ColorPassAccuracyTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1);

    // A full colour look of the strength the bundled presets use (hue turns up to 12°, chroma ±25 %).
    static final double[] WB = {7150, 2};
    static final Map<String, Object> CURVE = Map.of("gamma", new double[] {0.55, 0.55, 0.64},
            "d-min", new double[] {0.22, 0.65, 0.87}, "d-max", new double[] {2.01, 2.44, 2.84}, "balance", 5500.0);
    static final double[] MATRIX = {1.04, -0.03, -0.01, -0.02, 1.03, -0.01, -0.01, -0.03, 1.04};
    static final double SATURATION = 1.1;
    static final double[] HUE = {4, 8, -6, 12, -5, 6, 0, -4};
    static final double[] SAT = {-0.05, 0.1, -0.12, -0.2, 0.15, 0.25, 0, -0.1};
    static final double[] LUM = {0.05, 0.04, 0.02, -0.06, 0, 0.08, 0, 0};
    static final double[] FADE = {0.012, 0.965};
    static final double[] SPLIT = {200, 0.05, 40, 0.09, 0.1};
    static final double[] MONO = {0.25, 0.45, 0.30};

    static List<Stage> colourLook() {
        return List.of(new WhiteBalance(WB[0], WB[1]), FilmCurve.of(CURVE), new ColorMatrix(MATRIX, SATURATION),
                new HueAdjust(HUE, SAT, LUM), new Fade(FADE[0], FADE[1]),
                new SplitTone(SPLIT[0], SPLIT[1], SPLIT[2], SPLIT[3], SPLIT[4]));
    }

    static List<Stage> monoLook() {
        return List.of(FilmCurve.of(CURVE), new Monochrome(MONO, 30, 0.1), new Fade(FADE[0], FADE[1]));
    }

    /** The colour look computed exactly; {@code hueError} adds a deliberate error (degrees) for the negative control. */
    static UnaryOperator<double[]> exactColourLook(double hueError) {
        float[] wb = new WhiteBalance(WB[0], WB[1]).gains();
        FilmCurve curve = FilmCurve.of(CURVE);
        float[] m = new ColorMatrix(MATRIX, SATURATION).effectiveMatrix();
        HueAdjust hue = new HueAdjust(HUE, SAT, LUM);
        return p -> {
            double[] v = {p[0] * wb[0], p[1] * wb[1], p[2] * wb[2]};
            for (int c = 0; c < 3; c++) {
                v[c] = curve.evaluate(c, v[c]);
            }
            double[] o = new double[3];
            for (int i = 0; i < 3; i++) {
                o[i] = Math.max(0, m[3 * i] * v[0] + m[3 * i + 1] * v[1] + m[3 * i + 2] * v[2]);
            }
            o = exactHue(hue, o, hueError);
            for (int c = 0; c < 3; c++) {
                o[c] = FADE[0] + (FADE[1] - FADE[0]) * o[c];
            }
            return exactSplit(o);
        };
    }

    static UnaryOperator<double[]> exactMonoLook() {
        FilmCurve curve = FilmCurve.of(CURVE);
        double sum = MONO[0] + MONO[1] + MONO[2];
        double[] tint = Hue.tint(30);
        return p -> {
            double l = 0;
            for (int c = 0; c < 3; c++) {
                l += MONO[c] / sum * curve.evaluate(c, p[c]);
            }
            double[] o = new double[3];
            for (int c = 0; c < 3; c++) {
                o[c] = FADE[0] + (FADE[1] - FADE[0]) * l * (1 + 0.1 * tint[c]);
            }
            return o;
        };
    }

    /** Hue-adjust with the angle from atan2 and the rotation by cos and sin. */
    static double[] exactHue(HueAdjust hue, double[] p, double hueError) {
        double al = p[0] - 0.5 * (p[1] + p[2]);
        double be = Hue.K * (p[1] - p[2]);
        double y = Hue.WR * p[0] + Hue.WG * p[1] + Hue.WB * p[2];
        double chroma = Math.hypot(al, be);
        if (chroma == 0) {
            return p.clone();
        }
        double deg = Math.toDegrees(Math.atan2(be, al));
        double dh = Math.toRadians(hue.response(0, deg) + hueError);
        double f = Math.max(0, 1 + hue.response(1, deg));
        double lf = Math.max(0, 1 + hue.response(2, deg) * Math.min(1, chroma / (y + 1e-6)));
        double a2 = f * (al * Math.cos(dh) - be * Math.sin(dh));
        double b2 = f * (al * Math.sin(dh) + be * Math.cos(dh));
        double[] d = Hue.delta(a2, b2);
        return new double[] {Math.max(0, (y + d[0]) * lf), Math.max(0, (y + d[1]) * lf), Math.max(0, (y + d[2]) * lf)};
    }

    static double[] exactSplit(double[] p) {
        double[] sh = Hue.tint(SPLIT[0]);
        double[] hi = Hue.tint(SPLIT[2]);
        double l = Math.max(0, Hue.WR * p[0] + Hue.WG * p[1] + Hue.WB * p[2]);
        double t = Math.min(1, Math.max(0, Math.sqrt(l) - 0.5 * SPLIT[4]));
        double ws = (1 - t) * (1 - t) * l * SPLIT[1];
        double wh = t * t * l * SPLIT[3];
        return new double[] {p[0] + ws * sh[0] + wh * hi[0], p[1] + ws * sh[1] + wh * hi[1], p[2] + ws * sh[2] + wh * hi[2]};
    }

    /** Random colours over 0..4 and near black, then a grey ramp and colour ramps over 2^−20 .. 2^6. */
    static FloatImage inputs() {
        int random = 8_000;
        int ramp = 512;
        int n = random + 4 * ramp;
        FloatImage img = FloatImage.create(n, 1, false);
        Random r = new Random(7);
        for (int i = 0; i < random; i++) {
            float scale = i % 4 == 0 ? 1e-3f : i % 4 == 1 ? 4f : 1f;
            img.red()[i] = r.nextFloat() * scale;
            img.green()[i] = r.nextFloat() * scale;
            img.blue()[i] = r.nextFloat() * scale;
        }
        float[][] tints = {{1, 1, 1}, {1, 0.45f, 0.3f}, {0.3f, 0.8f, 0.4f}, {0.35f, 0.5f, 1}};
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < ramp; i++) {
                float e = (float) Math.pow(2, -20 + 26.0 * i / (ramp - 1));
                int j = random + k * ramp + i;
                img.red()[j] = e * tints[k][0];
                img.green()[j] = e * tints[k][1];
                img.blue()[j] = e * tints[k][2];
            }
        }
        return img;
    }

    /** @return {max |Δ| linear, max ΔE2000, mean ΔE2000} of the fast pass against the reference */
    static double[] errors(List<Stage> look, UnaryOperator<double[]> exact) {
        FloatImage in = inputs();
        FloatImage out = FilterChain.builder().addAll(look).threads(1).seed(1).build().apply(in);
        double maxAbs = 0;
        double maxDe = 0;
        double sumDe = 0;
        int n = in.pixelCount();
        for (int i = 0; i < n; i++) {
            double[] want = exact.apply(new double[] {in.red()[i], in.green()[i], in.blue()[i]});
            double[] got = {out.red()[i], out.green()[i], out.blue()[i]};
            for (int c = 0; c < 3; c++) {
                maxAbs = Math.max(maxAbs, Math.abs(got[c] - want[c]));
            }
            double de = ColorMath.deltaE2000(lab(got), lab(want));
            maxDe = Math.max(maxDe, de);
            sumDe += de;
        }
        return new double[] {maxAbs, maxDe, sumDe / n};
    }

    static double[] lab(double[] rgb) {
        return ColorMath.linearSrgbToLab(clip(rgb[0]), clip(rgb[1]), clip(rgb[2]));
    }

    static double clip(double v) {
        return Math.min(1, Math.max(0, v));
    }

    @Test
    void colourLookMatchesTheExactFormulas() {
        double[] e = errors(colourLook(), exactColourLook(0));
        String msg = String.format("max |Δ| %.2e, max ΔE2000 %.4f, mean ΔE2000 %.5f", e[0], e[1], e[2]);
        System.out.println("colour look vs exact: " + msg);
        assertTrue(e[0] < 2e-3, msg);
        assertTrue(e[1] < 0.1, msg);
        assertTrue(e[2] < 0.01, msg);
    }

    @Test
    void monochromeLookMatchesTheExactFormulas() {
        double[] e = errors(monoLook(), exactMonoLook());
        String msg = String.format("max |Δ| %.2e, max ΔE2000 %.4f, mean ΔE2000 %.5f", e[0], e[1], e[2]);
        System.out.println("monochrome look vs exact: " + msg);
        assertTrue(e[0] < 2e-3, msg);
        assertTrue(e[1] < 0.1, msg);
        assertTrue(e[2] < 0.01, msg);
    }

    @Test
    void theCheckRejectsAPassOffByHalfADegreeOfHue() {
        // negative control: a reference that turns hues 0.5° further must fail the same bounds
        double[] e = errors(colourLook(), exactColourLook(0.5));
        assertTrue(e[1] > 0.1 || e[2] > 0.01, "max ΔE " + e[1] + ", mean " + e[2]);
    }

    /** @return why the sRGB values along a fine ramp are not smooth (a step back or a step far above its neighbours), or null */
    static String rampFlaw(double[] srgb) {
        double[] steps = new double[srgb.length - 1];
        for (int i = 1; i < srgb.length; i++) {
            steps[i - 1] = srgb[i] - srgb[i - 1];
            if (steps[i - 1] < 0) {
                return "not monotonic at " + i;
            }
        }
        for (int i = 1; i + 1 < steps.length; i++) {
            double local = (steps[i - 1] + steps[i + 1]) / 2;
            if (steps[i] > 3 * local + 1e-6) {
                return "step " + i + " stands out: " + steps[i] * 255 + " codes vs " + local * 255;
            }
        }
        return null;
    }

    static double[] rampOutput(List<Stage> look, int n, UnaryOperator<Float> flaw) {
        FloatImage in = FloatImage.create(n, 1, false);
        for (int i = 0; i < n; i++) {
            float v = flaw.apply((float) Math.pow(2, -8 + 10.0 * i / (n - 1)));
            in.red()[i] = v;
            in.green()[i] = v;
            in.blue()[i] = v;
        }
        FloatImage out = FilterChain.builder().addAll(look).threads(1).seed(1).build().apply(in);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = dev.emulsion.image.SrgbTransfer.encodeExact(
                    clip(Hue.WR * out.red()[i] + Hue.WG * out.green()[i] + Hue.WB * out.blue()[i]));
        }
        return s;
    }

    @Test
    void aSmoothRampStaysSmooth() {
        // no banding: along a fine grey ramp over 10 stops the output rises monotonically in even steps
        for (List<Stage> look : List.of(colourLook(), monoLook())) {
            String flaw = rampFlaw(rampOutput(look, 4096, v -> v));
            assertTrue(flaw == null, flaw);
        }
        // negative control: the same ramp read through a coarse nearest-value table (7 mantissa bits) bands
        UnaryOperator<Float> coarse = v -> Float.intBitsToFloat(Float.floatToRawIntBits(v) & 0xFFFF0000);
        assertTrue(rampFlaw(rampOutput(colourLook(), 4096, coarse)) != null);
    }
}
