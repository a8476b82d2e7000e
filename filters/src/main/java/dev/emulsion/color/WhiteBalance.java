package dev.emulsion.color;

import dev.emulsion.chain.ColorKernel;
import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.Map;

/**
 * White balance as a camera sets it: {@code temperature} is the colour temperature of the light the image is
 * balanced for. The image is taken as balanced for D65 (6504 K); a higher setting warms it (the light is
 * assumed bluer and compensated), a lower one cools it, and positive {@code tint} adds magenta. Implemented
 * as per-channel gains in linear sRGB (a von Kries scaling on the Planckian locus), normalised so a neutral
 * grey keeps its luminance.
 */
public final class WhiteBalance implements ColorStage {
    /** The declaration: {@code white-balance.temperature}, {@code white-balance.tint}. */
    public static final StageSpec SPEC = StageSpec.builder("white-balance", PipelineOrder.SCENE + 10,
                    "White balance by colour temperature and green-magenta tint")
            .param(Param.real("temperature", "K", 2000, 12000, 6504,
                    "light the image is balanced for: above 6504 warms, below cools"))
            .param(Param.real("tint", "", -100, 100, 0, "green (−) to magenta (+) shift; ±100 is ±0.5 EV of green"))
            .factory(v -> new WhiteBalance(v.real("temperature"), v.real("tint")))
            .build();

    private final double temperature;
    private final double tint;
    private final ParamValues params;
    private final float[] gains;

    /**
     * @param temperature colour temperature in kelvin, 2000 to 12000
     * @param tint        green-magenta tint, −100 to 100
     */
    public WhiteBalance(double temperature, double tint) {
        this.temperature = SPEC.checkReal("temperature", temperature);
        this.tint = SPEC.checkReal("tint", tint);
        this.params = SPEC.values(Map.of("temperature", temperature, "tint", tint));
        this.gains = gains(temperature, tint);
    }

    /** @return the per-channel linear gains (R, G, B) this stage multiplies by */
    public float[] gains() {
        return gains.clone();
    }

    /**
     * The gains of a white balance set to {@code temperature} with no tint, in double precision: what a film
     * balanced for that light does to a D65 scene (3200 K makes daylight blue).
     *
     * @param temperature colour temperature in kelvin, 2000 to 12000
     * @return linear gains R, G, B with a neutral grey's luminance kept
     */
    public static double[] gainsFor(double temperature) {
        SPEC.checkReal("temperature", temperature);
        float[] g = gains(temperature, 0);
        return new double[] {g[0], g[1], g[2]};
    }

    static float[] gains(double temperature, double tint) {
        double[] ref = Planckian.linearSrgbWhite(6504);
        double[] light = Planckian.linearSrgbWhite(temperature);
        double[] g = new double[3];
        for (int c = 0; c < 3; c++) {
            g[c] = ref[c] / light[c];
        }
        g[1] *= Math.pow(2.0, -0.5 * tint / 100.0);
        double lum = 0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2];
        return new float[] {(float) (g[0] / lum), (float) (g[1] / lum), (float) (g[2] / lum)};
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
        final float gr = gains[0];
        final float gg = gains[1];
        final float gb = gains[2];
        return (ColorKernel) (r, g, b, n) -> {
            for (int i = 0; i < n; i++) {
                r[i] *= gr;
            }
            for (int i = 0; i < n; i++) {
                g[i] *= gg;
            }
            for (int i = 0; i < n; i++) {
                b[i] *= gb;
            }
        };
    }
}
