package dev.emulsion.tone;

import dev.emulsion.chain.ColorKernel;
import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.color.WhiteBalance;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A colour or black-and-white negative's characteristic curve followed by a print (or scan) of it.
 *
 * <p>Per layer {@code c}, with {@code x = log10(E / 0.18)} the scene exposure relative to mid grey (after the
 * film exposure offset and the stock's daylight/tungsten balance):
 * <ol>
 *   <li>negative density above base + fog: a straight line of slope {@code gamma[c]} through
 *       {@code mid-density} at {@code x = 0}, bent into the fog level by a soft toe ({@code toe}, a softplus of
 *       that width in density) and into {@code d-max − d-min} by a soft shoulder ({@code shoulder}, a smooth
 *       minimum); D-min itself (base, fog and orange mask) is what the scan removes;</li>
 *   <li>print: the density relative to mid grey, divided by a reference gamma of 0.6 (so a stock with a
 *       steeper negative gives a more contrasty print, as on the data sheets), times {@code print-contrast},
 *       plus {@code print-exposure}, is the print's log10 exposure {@code a}; the print's linear level is
 *       {@code L = 0.18 · 10^a}, a straight line in log–log; above {@code print-knee} {@code k} it rolls off as
 *       {@code k + (L − k) / (1 + (L − k)/(1 − k))}, continuous in value and slope and approaching 1 like
 *       {@code 1/L}, so brighter input always prints brighter — never a hard clip.</li>
 * </ol>
 * Pure black prints at the level the negative's fog gives (about 1 %), not 0. The whole mapping is tabulated
 * per channel over log2 exposure in {@link #prepare} (128 entries per stop from 2^−20 to 2^12) and
 * interpolated, indexed by the float's exponent and mantissa bits: no {@code Math.pow/log} per pixel.
 */
public final class FilmCurve implements ColorStage {
    /** A negative of this gamma prints at {@code print-contrast} (Kodak's colour papers are designed for ~0.6). */
    public static final double REFERENCE_GAMMA = 0.6;
    /** Output linear level of a mid-grey scene at print-exposure 0. */
    public static final double MID_GREY = 0.18;

    /** The declaration: {@code film-curve.*}. */
    public static final StageSpec SPEC = StageSpec.builder("film-curve", PipelineOrder.DEVELOPMENT,
                    "Negative characteristic curve (toe, straight gamma, shoulder) printed to a positive")
            .param(Param.reals("gamma", "", 0.2, 1.5, new double[] {0.6, 0.6, 0.6},
                    "slope of density vs log10 exposure of the R, G, B layers (data sheet)"))
            .param(Param.reals("d-min", "D", 0, 1.5, new double[] {0.2, 0.6, 0.85},
                    "base + fog (+ mask) density of R, G, B; removed by the scan"))
            .param(Param.reals("d-max", "D", 0.5, 4.5, new double[] {2.2, 2.6, 2.9},
                    "density where the R, G, B shoulders flatten out; d-max − d-min sets the latitude"))
            .param(Param.real("mid-density", "D", 0.3, 1.5, 0.75,
                    "density above d-min of a mid-grey (18 %) exposure"))
            .param(Param.real("toe", "D", 0.02, 0.5, 0.15, "width of the toe: how softly the shadows bend into the fog"))
            .param(Param.real("shoulder", "D", 0.02, 0.6, 0.2, "width of the negative's shoulder near d-max"))
            .param(Param.real("crossover", "", -1, 1, 0,
                    "fraction of the per-layer gamma differences kept in the print (0 = lab-balanced, 1 = raw)"))
            .param(Param.real("balance", "K", 2000, 12000, 6504,
                    "light the stock records as neutral; the image is taken as D65, so 3200 turns daylight blue"))
            .param(Param.real("exposure", "EV", -4, 4, 0, "exposure of the film relative to its box speed"))
            .param(Param.real("print-exposure", "EV", -4, 4, 0, "print (scan) brightness; compensates a push or pull"))
            .param(Param.real("print-contrast", "", 0.5, 2.5, 1.0, "slope of the print in log-log for a gamma 0.6 negative"))
            .param(Param.real("print-knee", "", 0.5, 0.95, 0.8,
                    "linear print level where highlights start to roll off toward white (never reaching it)"))
            .factory(FilmCurve::new)
            .build();

    /** Lowest tabulated exposure; anything darker is as black as the fog makes it. */
    static final float MIN = 0x1p-20f;
    /** Highest tabulated exposure (12 stops above 1.0); anything brighter prints as that. */
    static final float MAX = 0x1p12f;
    static final int MANTISSA_BITS = 7;
    static final int SHIFT = 23 - MANTISSA_BITS;
    static final int MIN_BITS = Float.floatToRawIntBits(MIN);
    static final int ENTRIES = ((Float.floatToRawIntBits(MAX) - MIN_BITS) >>> SHIFT) + 2;
    private static final float FRAC = 1f / (1 << SHIFT);
    /** Bits of MAX above MIN: the largest index position. */
    private static final int TOP_BITS = Float.floatToRawIntBits(MAX) - MIN_BITS;
    private static final int MASK = (1 << SHIFT) - 1;

    private final double[] gamma;
    private final double[] dMin;
    private final double[] dMax;
    private final double mid;
    private final double toe;
    private final double shoulder;
    private final double crossover;
    private final double balance;
    private final double exposure;
    private final double printExposure;
    private final double printContrast;
    private final double printKnee;
    private final ParamValues params;
    /** Per-channel output tables: built once, shared read-only by every kernel. */
    private final float[][] tables;
    /** The kernel's tables ({@link #wideTables}), built on first use: 1.5 MB that a stage never run does not need. */
    private volatile float[][] wide;

    private FilmCurve(ParamValues v) {
        this(v.reals("gamma"), v.reals("d-min"), v.reals("d-max"), v.real("mid-density"), v.real("toe"),
                v.real("shoulder"), v.real("crossover"), v.real("balance"), v.real("exposure"),
                v.real("print-exposure"), v.real("print-contrast"), v.real("print-knee"));
    }

    /**
     * @param gamma         R, G, B gammas, 0.2 to 1.5
     * @param dMin          R, G, B base + fog densities, 0 to 1.5
     * @param dMax          R, G, B maximum densities, 0.5 to 4.5, each at least d-min + mid-density + 0.3
     * @param midDensity    density above d-min of mid grey, 0.3 to 1.5
     * @param toe           toe width in density, 0.02 to 0.5
     * @param shoulder      shoulder width in density, 0.02 to 0.6
     * @param crossover     share of the per-layer gamma differences kept, −1 to 1
     * @param balance       colour temperature the stock is balanced for, 2000 to 12000 K
     * @param exposure      film exposure offset, −4 to 4 EV
     * @param printExposure print exposure offset, −4 to 4 EV
     * @param printContrast print contrast, 0.5 to 2.5
     * @param printKnee     print level where the roll-off starts, 0.5 to 0.95
     * @throws IllegalArgumentException naming the parameter when a value is out of range
     */
    public FilmCurve(double[] gamma, double[] dMin, double[] dMax, double midDensity, double toe, double shoulder,
                     double crossover, double balance, double exposure, double printExposure,
                     double printContrast, double printKnee) {
        this.gamma = SPEC.checkReals("gamma", gamma);
        this.dMin = SPEC.checkReals("d-min", dMin);
        this.dMax = SPEC.checkReals("d-max", dMax);
        this.mid = SPEC.checkReal("mid-density", midDensity);
        this.toe = SPEC.checkReal("toe", toe);
        this.shoulder = SPEC.checkReal("shoulder", shoulder);
        this.crossover = SPEC.checkReal("crossover", crossover);
        this.balance = SPEC.checkReal("balance", balance);
        this.exposure = SPEC.checkReal("exposure", exposure);
        this.printExposure = SPEC.checkReal("print-exposure", printExposure);
        this.printContrast = SPEC.checkReal("print-contrast", printContrast);
        this.printKnee = SPEC.checkReal("print-knee", printKnee);
        for (int c = 0; c < 3; c++) {
            if (this.dMax[c] - this.dMin[c] < mid + 0.3) {
                throw new IllegalArgumentException("film-curve.d-max = " + java.util.Arrays.toString(dMax)
                        + " is out of range: allowed is each at least d-min + mid-density + 0.3 (channel " + c + ")");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gamma", gamma);
        m.put("d-min", dMin);
        m.put("d-max", dMax);
        m.put("mid-density", midDensity);
        m.put("toe", toe);
        m.put("shoulder", shoulder);
        m.put("crossover", crossover);
        m.put("balance", balance);
        m.put("exposure", exposure);
        m.put("print-exposure", printExposure);
        m.put("print-contrast", printContrast);
        m.put("print-knee", printKnee);
        this.params = SPEC.values(m);
        this.tables = buildTables();
    }

    /** @return a stage with the given values (defaults for the rest), e.g. for tests and presets in code */
    public static FilmCurve of(Map<String, ?> raw) {
        return (FilmCurve) SPEC.create(raw);
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    private static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
    }

    /** Smooth minimum of a and b with width s (≈ min when they differ by several s). */
    private static double smin(double a, double b, double s) {
        return b - s * softplus((b - a) / s);
    }

    /** The effective gamma of channel c after the crossover share. */
    private double effectiveGamma(int c) {
        double mean = (gamma[0] + gamma[1] + gamma[2]) / 3;
        return mean + crossover * (gamma[c] - mean);
    }

    /** Density above fog of channel c at relative log exposure x (no toe offset solved yet). */
    private double density(double x, double g, double x0, double range) {
        double straight = toe * softplus(g * (x - x0) / toe);
        return smin(straight, range, shoulder);
    }

    /**
     * Evaluates the whole curve exactly (slow; the tables sample this).
     *
     * @param channel 0 red, 1 green, 2 blue
     * @param e       linear scene exposure (as in the input image)
     * @return the linear output of the print
     */
    public double evaluate(int channel, double e) {
        double[] p = channelParams(channel);
        return print(channel, e, p[0], p[1], p[2], p[3]);
    }

    private double[] channelParams(int c) {
        double g = effectiveGamma(c);
        double range = dMax[c] - dMin[c];
        // solve x0 so that mid grey lands exactly on mid-density: density() is monotonic in x0
        double lo = -10;
        double hi = 10;
        for (int it = 0; it < 200; it++) {
            double m = 0.5 * (lo + hi);
            if (density(0, g, m, range) > mid) {
                lo = m;
            } else {
                hi = m;
            }
        }
        double gain = WhiteBalance.gainsFor(balance)[c] * Math.pow(2, exposure);
        return new double[] {g, 0.5 * (lo + hi), range, gain};
    }

    private double print(int c, double e, double g, double x0, double range, double gain) {
        double x = Math.log10(Math.max(e * gain, 1e-30) / MID_GREY);
        double d = density(x, g, x0, range);
        double a = printContrast * (d - mid) / REFERENCE_GAMMA
                + printExposure * Math.log10(2);
        double l = MID_GREY * Math.pow(10, a);
        if (l <= printKnee) {
            return l;
        }
        // continuous in value and slope at the knee; approaches 1 like 1/l, so steps never vanish
        double over = l - printKnee;
        return printKnee + over / (1 + over / (1 - printKnee));
    }

    private float[][] buildTables() {
        float[][] t = new float[3][ENTRIES];
        for (int c = 0; c < 3; c++) {
            double[] p = channelParams(c);
            for (int i = 0; i < ENTRIES; i++) {
                float x = Float.intBitsToFloat(MIN_BITS + (i << SHIFT));
                t[c][i] = (float) print(c, Math.min(x, MAX), p[0], p[1], p[2], p[3]);
            }
        }
        return t;
    }

    /** Tabulated lookup of one value (as the kernel computes it). */
    static float lookup(float[] t, float v) {
        int raw = Float.floatToRawIntBits(v);
        raw &= ~(raw >> 31);
        int bits = Math.min(Math.max(raw - MIN_BITS, 0), TOP_BITS);
        int j = bits >>> SHIFT;
        float f = (bits & MASK) * FRAC;
        float a = t[j];
        return a + (t[j + 1] - a) * f;
    }

    /** @return the tabulated output of one channel for a linear input (the value the kernel computes) */
    public float apply(int channel, float value) {
        return lookup(tables[channel], value);
    }

    /**
     * The kernel's tables, by channel: value and slope per knot for every pattern of a float's top 16 bits (sign,
     * exponent, 7 mantissa bits), so the kernel needs no clamping: negatives, zero and tiny values read the
     * black level, infinities and NaN the level at {@link #MAX}, and within a knot interval the value is
     * {@code value + slope · (low 16 bits)}, the same linear interpolation as {@link #lookup} (the slope is the
     * knot difference times 2^−16, an exact scaling), so both give the same float.
     */
    private float[][] wideTables() {
        float[][] w = wide;
        if (w == null) {
            w = new float[6][];
            int first = MIN_BITS >>> SHIFT;
            int last = Float.floatToRawIntBits(MAX) >>> SHIFT;
            for (int c = 0; c < 3; c++) {
                float[] t = tables[c];
                float[] v = new float[1 << 16];
                float[] d = new float[1 << 16];
                java.util.Arrays.fill(v, 0, first, t[0]);
                for (int j = first; j < last; j++) {
                    v[j] = t[j - first];
                    d[j] = (t[j - first + 1] - t[j - first]) * FRAC;
                }
                java.util.Arrays.fill(v, last, 1 << 15, t[last - first]);
                java.util.Arrays.fill(v, 1 << 15, 1 << 16, t[0]);
                w[2 * c] = v;
                w[2 * c + 1] = d;
            }
            wide = w;
        }
        return w;
    }

    @Override
    public PointKernel prepare(int width, int height, RenderContext ctx) {
        final float[][] w = wideTables();
        final float[] vr = w[0];
        final float[] dr = w[1];
        final float[] vg = w[2];
        final float[] dg = w[3];
        final float[] vb = w[4];
        final float[] db = w[5];
        return (ColorKernel) (r, g, b, n) -> {
            run(vr, dr, r, n);
            run(vg, dg, g, n);
            run(vb, db, b, n);
        };
    }

    /** A scalar loop (a table read cannot be vectorized) of few operations: no clamping, no int-to-float scaling. */
    private static void run(float[] v, float[] d, float[] p, int n) {
        for (int i = 0; i < n; i++) {
            int raw = Float.floatToRawIntBits(p[i]);
            int j = raw >>> SHIFT;
            p[i] = v[j] + d[j] * (raw & MASK);
        }
    }
}
