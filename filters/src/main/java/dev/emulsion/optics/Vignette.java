package dev.emulsion.optics;

import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.PointStage;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Strip;
import dev.emulsion.color.Scratch;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lens vignetting: a radial gain multiplied into linear light.
 *
 * <p>The shape is the lens model {@code s(r) = cos⁴θ(r) · (1 + k1·r² + k2·r⁴ + k3·r⁶)}, where θ is the field
 * angle of a lens of {@code focal-length} on the context's film format (natural fall-off, {@code cos⁴θ =
 * 1/(1 + (r·d/2f)²)²} with d the frame diagonal) and the polynomial is a lensfun-style profile. The radius
 * {@code r} is 0 on the optical axis and 1 in the frame's corners (for a centred axis). The size is given by
 * {@code amount}, the gain at the corner in EV: the applied gain is {@code 2^(amount · log2 s(r) / log2 s(1))},
 * i.e. the model's shape scaled (in EV) to reach exactly {@code amount} at the corner. With {@code physical}
 * on, the model's own fall-off {@code s(r)} is applied and {@code amount} is ignored.
 *
 * <p>{@code roundness} 1 gives circular fall-off; 0 stretches it with the frame's aspect ratio (the corners
 * stay at r = 1). {@code center-x/y} move the optical axis by a fraction of the half-width/height. With
 * {@code highlight-preserve}, pixels approaching white are darkened less (Lightroom's "highlight priority"),
 * so clipped lights keep their brightness.
 *
 * <p>The gain is tabulated over r²; where a polynomial of degree 8 in r² reproduces that table to within
 * 1e-4 (any smooth profile: the cos⁴ law and the presets' settings), the kernel evaluates the polynomial
 * instead, a loop C2 vectorises, otherwise it interpolates the table linearly. No per-pixel {@code pow} or
 * square root either way. The output stays smooth; banding-free 8-bit output comes from the dithered
 * quantization.
 */
public final class Vignette implements PointStage {
    /** The declaration. */
    public static final StageSpec SPEC = StageSpec.builder("vignette", PipelineOrder.LENS + 40,
                    "Lens vignetting: cos^4 natural fall-off and a polynomial profile, sized in EV at the corner")
            .param(Param.real("amount", "EV", -6, 2, -0.7, "gain at the frame corner in stops (negative darkens)"))
            .param(Param.real("focal-length", "mm", 8, 1200, 50,
                    "focal length for the cos^4 natural fall-off on the film format"))
            .param(Param.real("k1", "", -2, 2, 0, "lens profile term k1 of 1 + k1 r^2 + k2 r^4 + k3 r^6"))
            .param(Param.real("k2", "", -2, 2, 0, "lens profile term k2"))
            .param(Param.real("k3", "", -2, 2, 0, "lens profile term k3"))
            .param(Param.bool("physical", false, "apply the model's own fall-off and ignore amount"))
            .param(Param.real("center-x", "", -1, 1, 0, "optical axis offset, fraction of the half-width (+ right)"))
            .param(Param.real("center-y", "", -1, 1, 0, "optical axis offset, fraction of the half-height (+ down)"))
            .param(Param.real("roundness", "", 0, 1, 1, "1 circular fall-off, 0 follows the frame's aspect"))
            .param(Param.bool("highlight-preserve", false, "darken near-white pixels less so lights stay bright"))
            .factory(v -> new Vignette(v.real("amount"), v.real("focal-length"), v.real("k1"), v.real("k2"),
                    v.real("k3"), v.bool("physical"), v.real("center-x"), v.real("center-y"),
                    v.real("roundness"), v.bool("highlight-preserve")))
            .build();

    static final int TABLE_SIZE = 4096;

    private final double amount;
    private final double focalLength;
    private final double k1;
    private final double k2;
    private final double k3;
    private final boolean physical;
    private final double centerX;
    private final double centerY;
    private final double roundness;
    private final boolean highlightPreserve;
    private final int tableSize;
    /** Whether the last {@link #prepare} chose the polynomial kernel (a test hook; racy, tests only). */
    volatile boolean polynomialUsed;
    private final ParamValues params;

    /**
     * @param amount            gain at the corner in EV, −6 to 2
     * @param focalLength       focal length in mm for the cos⁴ law, 8 to 1200
     * @param k1                profile term, −2 to 2
     * @param k2                profile term, −2 to 2
     * @param k3                profile term, −2 to 2
     * @param physical          apply the model's own fall-off, ignoring {@code amount}
     * @param centerX           axis offset, −1 to 1 of the half-width
     * @param centerY           axis offset, −1 to 1 of the half-height
     * @param roundness         0 (frame-shaped) to 1 (circular)
     * @param highlightPreserve darken near-white pixels less
     * @throws IllegalArgumentException if a value is out of range or the profile is not positive over the frame
     */
    public Vignette(double amount, double focalLength, double k1, double k2, double k3, boolean physical,
                    double centerX, double centerY, double roundness, boolean highlightPreserve) {
        this(amount, focalLength, k1, k2, k3, physical, centerX, centerY, roundness, highlightPreserve, TABLE_SIZE);
    }

    /** Simple form: {@code amount} EV at the corner, 50 mm cos⁴ shape, centred, circular. */
    public Vignette(double amount) {
        this(amount, 50, 0, 0, 0, false, 0, 0, 1, false);
    }

    /** Test hook: a coarser table (a deliberately banding variant for negative controls). */
    Vignette(double amount, double focalLength, double k1, double k2, double k3, boolean physical,
             double centerX, double centerY, double roundness, boolean highlightPreserve, int tableSize) {
        this.amount = SPEC.checkReal("amount", amount);
        this.focalLength = SPEC.checkReal("focal-length", focalLength);
        this.k1 = SPEC.checkReal("k1", k1);
        this.k2 = SPEC.checkReal("k2", k2);
        this.k3 = SPEC.checkReal("k3", k3);
        this.physical = physical;
        this.centerX = SPEC.checkReal("center-x", centerX);
        this.centerY = SPEC.checkReal("center-y", centerY);
        this.roundness = SPEC.checkReal("roundness", roundness);
        this.highlightPreserve = highlightPreserve;
        this.tableSize = tableSize;
        // the profile must stay positive out to the farthest corner an offset axis can reach (r = 2)
        for (int i = 0; i <= 200; i++) {
            double r2 = (i / 100.0) * (i / 100.0);
            if (poly(r2) <= 1e-3) {
                throw new IllegalArgumentException("vignette.k1/k2/k3 = " + k1 + "/" + k2 + "/" + k3
                        + " is out of range: allowed is a profile 1 + k1 r^2 + k2 r^4 + k3 r^6 above 0 for r up to 2");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", amount);
        m.put("focal-length", focalLength);
        m.put("k1", k1);
        m.put("k2", k2);
        m.put("k3", k3);
        m.put("physical", physical);
        m.put("center-x", centerX);
        m.put("center-y", centerY);
        m.put("roundness", roundness);
        m.put("highlight-preserve", highlightPreserve);
        this.params = SPEC.values(m);
    }

    private double poly(double r2) {
        return 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
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
     * The declared gain at normalized radius {@code r} (1 = corner of a centred frame) on this film format,
     * computed exactly; the stage reproduces it to within 0.1 %.
     *
     * @param r          normalized radius
     * @param diagonalMm the film frame's diagonal in mm
     * @return the linear gain
     */
    public double gain(double r, double diagonalMm) {
        double l1 = logShape(1.0, diagonalMm);
        double lr = logShape(r, diagonalMm);
        if (physical) {
            return Math.pow(2.0, lr);
        }
        if (Math.abs(l1) < 1e-6) {
            // a flat model has no shape to scale: fall back to a gain falling as r² in EV
            return Math.pow(2.0, amount * r * r);
        }
        return Math.pow(2.0, amount * lr / l1);
    }

    private double logShape(double r, double diagonalMm) {
        double x = r * diagonalMm / 2.0 / focalLength;
        double cos4 = 1.0 / ((1 + x * x) * (1 + x * x));
        return Math.log(cos4 * poly(r * r)) / Math.log(2.0);
    }

    @Override
    public PointKernel prepare(int width, int height, RenderContext ctx) {
        double diag = ctx.format().diagonalMm();
        // r = 1 at the centres of the corner pixels of a centred frame
        double halfW = Math.max(0.5, (width - 1) / 2.0);
        double halfH = Math.max(0.5, (height - 1) / 2.0);
        double halfD = Math.hypot(halfW, halfH);
        double ax = halfW * Math.sqrt(2) + (halfD - halfW * Math.sqrt(2)) * roundness;
        double ay = halfH * Math.sqrt(2) + (halfD - halfH * Math.sqrt(2)) * roundness;
        double cx = (width - 1) / 2.0 * (1 + centerX);
        double cy = (height - 1) / 2.0 * (1 + centerY);
        float[] dx2 = new float[width];
        float[] dy2 = new float[height];
        double q = 0;
        for (int x = 0; x < width; x++) {
            double d = (x - cx) / ax;
            dx2[x] = (float) (d * d);
        }
        for (int y = 0; y < height; y++) {
            double d = (y - cy) / ay;
            dy2[y] = (float) (d * d);
        }
        double qMax = 0;
        for (int x : new int[] {0, width - 1}) {
            for (int y : new int[] {0, height - 1}) {
                qMax = Math.max(qMax, dx2[x] + dy2[y]);
            }
        }
        qMax = qMax * 1.0001 + 1e-9;
        int n = tableSize;
        float[] table = new float[n + 2];
        for (int i = 0; i <= n + 1; i++) {
            double r2 = Math.min(i, n) * qMax / n;
            table[i] = (float) gain(Math.sqrt(r2), diag);
        }
        final float scale = (float) (n / qMax);
        final boolean coarse = n < 256;
        final boolean preserve = highlightPreserve;
        float[] poly = coarse ? null : fitPolynomial(table, n);
        polynomialUsed = poly != null;
        if (poly != null) {
            return polynomialKernel(poly, (float) (1.0 / qMax), dx2, dy2, preserve);
        }
        return (Strip s) -> {
            float[] r = s.red();
            float[] g = s.green();
            float[] b = s.blue();
            int w = s.width();
            for (int y = s.y0(); y < s.y1(); y++) {
                float qy = dy2[y];
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    float t = (dx2[x] + qy) * scale;
                    int i = (int) t;
                    float f = coarse ? 0f : t - i;
                    float gain = table[i] + f * (table[i + 1] - table[i]);
                    int k = o + x;
                    if (preserve) {
                        gain = preserve(gain, r[k], g[k], b[k]);
                    }
                    r[k] *= gain;
                    g[k] *= gain;
                    b[k] *= gain;
                }
            }
        };
    }

    /** Highlight priority: blend toward no darkening as the brightest channel nears white. */
    private static float preserve(float gain, float r, float g, float b) {
        float m = Math.max(r, Math.max(g, b));
        float h = Math.min(1f, Math.max(0f, (m - 0.5f) * 2f));
        h = h * h * (3f - 2f * h);
        return gain + (1f - gain) * h;
    }

    /** Degree of the polynomial in r² that replaces the gain table when it fits. */
    static final int POLY_DEGREE = 8;
    /** Largest relative error of the polynomial against the table for it to be used. */
    static final double POLY_TOLERANCE = 1e-4;

    /**
     * Least-squares fit of the gain table (over r² scaled to [0, 1]) by a polynomial of {@link #POLY_DEGREE},
     * checked in float arithmetic at every table entry.
     *
     * @return the coefficients, constant first, or null if the fit misses the table by more than
     *     {@link #POLY_TOLERANCE} (a profile with a sharp bend: the table is used instead)
     */
    static float[] fitPolynomial(float[] table, int n) {
        return fitPolynomial(table, n, POLY_DEGREE);
    }

    /** As {@link #fitPolynomial(float[], int)} with another degree (a test hook). */
    static float[] fitPolynomial(float[] table, int n, int degree) {
        int d = degree + 1;
        // normal equations on a Chebyshev-spaced subset would do; the full table is cheap enough
        double[][] a = new double[d][d + 1];
        for (int i = 0; i <= n; i++) {
            double s = (double) i / n;
            double[] p = new double[d];
            p[0] = 1;
            for (int j = 1; j < d; j++) {
                p[j] = p[j - 1] * s;
            }
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    a[j][k] += p[j] * p[k];
                }
                a[j][d] += p[j] * table[i];
            }
        }
        for (int col = 0; col < d; col++) {
            int piv = col;
            for (int row = col + 1; row < d; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[piv][col])) {
                    piv = row;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            if (Math.abs(a[col][col]) < 1e-300) {
                return null;
            }
            for (int row = 0; row < d; row++) {
                if (row != col) {
                    double m = a[row][col] / a[col][col];
                    for (int k = col; k <= d; k++) {
                        a[row][k] -= m * a[col][k];
                    }
                }
            }
        }
        float[] c = new float[d];
        for (int j = 0; j < d; j++) {
            c[j] = (float) (a[j][d] / a[j][j]);
        }
        for (int i = 0; i <= n; i++) {
            float v = horner(c, (float) i / n);
            if (!(Math.abs(v - table[i]) <= POLY_TOLERANCE * table[i])) {
                return null;
            }
        }
        return c;
    }

    private static float horner(float[] c, float s) {
        float v = c[c.length - 1];
        for (int j = c.length - 2; j >= 0; j--) {
            v = v * s + c[j];
        }
        return v;
    }

    /**
     * The fast kernel: per row, the gain from a polynomial in r² (no table look-up, so the loop has no
     * gather), then each plane's row multiplied in a scratch line. Every loop indexes its arrays alike, which
     * C2 needs to vectorise it (see {@link dev.emulsion.color.Scratch}).
     */
    private static PointKernel polynomialKernel(float[] c, float invQMax, float[] dx2, float[] dy2,
                                                boolean preserve) {
        int w = dx2.length;
        float[] sx = new float[w];
        for (int x = 0; x < w; x++) {
            sx[x] = dx2[x] * invQMax;
        }
        float c0 = c[0];
        float c1 = c[1];
        float c2 = c[2];
        float c3 = c[3];
        float c4 = c[4];
        float c5 = c[5];
        float c6 = c[6];
        float c7 = c[7];
        float c8 = c[8];
        return (Strip s) -> {
            float[] gain = Scratch.get(0, w);
            float[] r = Scratch.get(1, w);
            float[] g = Scratch.get(2, w);
            float[] b = Scratch.get(3, w);
            float[][] planes = {s.red(), s.green(), s.blue()};
            float[][] lines = {r, g, b};
            for (int y = s.y0(); y < s.y1(); y++) {
                float sy = dy2[y] * invQMax;
                for (int x = 0; x < w; x++) {
                    float q = sx[x] + sy;
                    gain[x] = c0 + q * (c1 + q * (c2 + q * (c3 + q * (c4 + q * (c5 + q * (c6 + q * (c7 + q * c8)))))));
                }
                int o = y * w;
                for (int p = 0; p < 3; p++) {
                    System.arraycopy(planes[p], o, lines[p], 0, w);
                }
                if (preserve) {
                    for (int x = 0; x < w; x++) {
                        float m = Math.max(r[x], Math.max(g[x], b[x]));
                        float h = Math.min(1f, Math.max(0f, (m - 0.5f) * 2f));
                        h = h * h * (3f - 2f * h);
                        gain[x] += (1f - gain[x]) * h;
                    }
                }
                for (int p = 0; p < 3; p++) {
                    float[] l = lines[p];
                    for (int x = 0; x < w; x++) {
                        l[x] *= gain[x];
                    }
                    System.arraycopy(l, 0, planes[p], o, w);
                }
            }
        };
    }
}
