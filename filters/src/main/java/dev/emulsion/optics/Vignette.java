package dev.emulsion.optics;

import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.PointStage;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Strip;
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
 * <p>The gain is read from a table over r² with linear interpolation (no per-pixel {@code pow} or square
 * root). The output stays smooth; banding-free 8-bit output comes from the dithered quantization.
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
                        // highlight priority: blend toward no darkening as the brightest channel nears white
                        float m = Math.max(r[k], Math.max(g[k], b[k]));
                        float h = Math.min(1f, Math.max(0f, (m - 0.5f) * 2f));
                        h = h * h * (3f - 2f * h);
                        gain += (1f - gain) * h;
                    }
                    r[k] *= gain;
                    g[k] *= gain;
                    b[k] *= gain;
                }
            }
        };
    }
}
