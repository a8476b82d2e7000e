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
 * Black-and-white film: one silver layer whose response is a weighted sum of the linear R, G, B light, with
 * {@code weights} approximating the stock's spectral sensitivity (normalised to sum 1, so a grey keeps its
 * level). Without toning the output has R = G = B exactly. Optional toning ({@code tint-amount} &gt; 0) adds a
 * luminance-neutral tint of hue {@code tint-hue} (30° ≈ sepia, 210° ≈ selenium/cyanotype blue) in
 * proportion to the level, so black stays black.
 */
public final class Monochrome implements ColorStage {
    /** The declaration: {@code monochrome.weights}, {@code .tint-hue}, {@code .tint-amount}. */
    public static final StageSpec SPEC = StageSpec.builder("monochrome", PipelineOrder.DEVELOPMENT + 40,
                    "Black-and-white conversion with spectral channel weights and optional toning")
            .param(Param.reals("weights", "", 0, 1, new double[] {0.2126, 0.7152, 0.0722},
                    "sensitivity to linear R, G, B (normalised to sum 1)"))
            .param(Param.real("tint-hue", "°", 0, 360, 30, "hue of the toner (30 sepia, 210 blue)"))
            .param(Param.real("tint-amount", "", 0, 0.5, 0, "strength of the toning; 0 keeps R = G = B"))
            .factory(v -> new Monochrome(v.reals("weights"), v.real("tint-hue"), v.real("tint-amount")))
            .build();

    private final double[] weights;
    private final double tintHue;
    private final double tintAmount;
    private final ParamValues params;

    /**
     * @param weights    R, G, B sensitivities, each 0 to 1, not all 0
     * @param tintHue    toner hue in degrees, 0 to 360
     * @param tintAmount toning strength, 0 to 0.5
     */
    public Monochrome(double[] weights, double tintHue, double tintAmount) {
        this.weights = SPEC.checkReals("weights", weights);
        this.tintHue = SPEC.checkReal("tint-hue", tintHue);
        this.tintAmount = SPEC.checkReal("tint-amount", tintAmount);
        if (!(this.weights[0] + this.weights[1] + this.weights[2] > 1e-6)) {
            throw new IllegalArgumentException("monochrome.weights = " + Arrays.toString(weights)
                    + " is out of range: allowed is 3 numbers from 0 to 1 that are not all 0");
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("weights", weights);
        raw.put("tint-hue", tintHue);
        raw.put("tint-amount", tintAmount);
        this.params = SPEC.values(raw);
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
        double sum = weights[0] + weights[1] + weights[2];
        final float wr = (float) (weights[0] / sum);
        final float wg = (float) (weights[1] / sum);
        final float wb = (float) (weights[2] / sum);
        if (tintAmount == 0) {
            // red holds the level for the other two, which are exact copies (R = G = B)
            return (ColorKernel) (r, g, b, n) -> {
                for (int i = 0; i < n; i++) {
                    r[i] = wr * r[i] + wg * g[i] + wb * b[i];
                }
                System.arraycopy(r, 0, g, 0, n);
                System.arraycopy(r, 0, b, 0, n);
            };
        }
        double[] d = Hue.tint(tintHue);
        final float tr = (float) (1 + tintAmount * d[0]);
        final float tg = (float) (1 + tintAmount * d[1]);
        final float tb = (float) (1 + tintAmount * d[2]);
        return (ColorKernel) (r, g, b, n) -> {
            for (int i = 0; i < n; i++) {
                r[i] = wr * r[i] + wg * g[i] + wb * b[i];
            }
            for (int i = 0; i < n; i++) {
                g[i] = r[i] * tg;
            }
            for (int i = 0; i < n; i++) {
                b[i] = r[i] * tb;
            }
            for (int i = 0; i < n; i++) {
                r[i] *= tr;
            }
        };
    }
}
