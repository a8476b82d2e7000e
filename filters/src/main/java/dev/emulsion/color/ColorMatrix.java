package dev.emulsion.color;

import dev.emulsion.chain.ColorKernel;
import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layers' colour coupling and the print's saturation, as one 3×3 matrix in linear light. {@code matrix}
 * (row-major, output R from the first row) models the crosstalk between the dye layers (each row's sum is the
 * gain a grey gets in that channel, so rows summing to 1 keep greys neutral); {@code saturation} then scales
 * chroma about Rec. 709 luminance (1 = unchanged, 0 = grey). Negative results are clipped to 0.
 */
public final class ColorMatrix implements ColorStage {
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** The declaration: {@code color-matrix.matrix}, {@code color-matrix.saturation}. */
    public static final StageSpec SPEC = StageSpec.builder("color-matrix", PipelineOrder.DEVELOPMENT + 10,
                    "Dye-layer crosstalk matrix and saturation, in linear light")
            .param(Param.reals("matrix", "", -2, 3, IDENTITY,
                    "3×3 row-major coupling matrix (rows summing to 1 keep greys neutral)"))
            .param(Param.real("saturation", "", 0, 3, 1, "chroma scale about luminance: 0 grey, 1 unchanged"))
            .factory(v -> new ColorMatrix(v.reals("matrix"), v.real("saturation")))
            .build();

    private final double[] matrix;
    private final double saturation;
    private final ParamValues params;
    private final float[] m;

    /**
     * @param matrix     nine values, row-major, each −2 to 3
     * @param saturation 0 to 3
     */
    public ColorMatrix(double[] matrix, double saturation) {
        this.matrix = SPEC.checkReals("matrix", matrix);
        this.saturation = SPEC.checkReal("saturation", saturation);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("matrix", matrix);
        raw.put("saturation", saturation);
        this.params = SPEC.values(raw);
        this.m = combined(this.matrix, saturation);
    }

    /** @return a pure saturation change */
    public static ColorMatrix saturation(double saturation) {
        return new ColorMatrix(IDENTITY, saturation);
    }

    /** The effective matrix: saturation ∘ coupling. */
    static float[] combined(double[] c, double s) {
        double[] w = {Hue.WR, Hue.WG, Hue.WB};
        double[] sat = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                sat[3 * i + j] = (1 - s) * w[j] + (i == j ? s : 0);
            }
        }
        float[] out = new float[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += sat[3 * i + k] * c[3 * k + j];
                }
                out[3 * i + j] = (float) v;
            }
        }
        return out;
    }

    /** @return the effective row-major matrix applied to each pixel */
    public float[] effectiveMatrix() {
        return m.clone();
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
        final float m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8];
        return (ColorKernel) (x, y, z, n) -> {
            float[] o1 = Scratch.get(0, n);
            float[] o2 = Scratch.get(1, n);
            // one stored plane per loop, all indexed alike, so that each loop vectorizes; blue last, in place
            for (int k = 0; k < n; k++) {
                o1[k] = Math.max(0f, m0 * x[k] + m1 * y[k] + m2 * z[k]);
            }
            for (int k = 0; k < n; k++) {
                o2[k] = Math.max(0f, m3 * x[k] + m4 * y[k] + m5 * z[k]);
            }
            for (int k = 0; k < n; k++) {
                z[k] = Math.max(0f, m6 * x[k] + m7 * y[k] + m8 * z[k]);
            }
            System.arraycopy(o1, 0, x, 0, n);
            System.arraycopy(o2, 0, y, 0, n);
        };
    }

    @Override
    public String toString() {
        return "ColorMatrix" + Arrays.toString(matrix) + " saturation " + saturation;
    }
}
