package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lens (and film) softness: a gentle Gaussian MTF roll-off per channel, {@code MTF(f) = exp(−2π²σ²f²)},
 * parameterised by the spatial frequency where it falls to 50 % ({@code mtf50}, cycles/mm on film, the figure
 * data sheets print per layer). So {@code σ = sqrt(ln 2 / 2) / (π · MTF50)} mm on film.
 *
 * <p>The input is taken as pixel-sharp (an AI render or a downscaled digital photo): its own pixel aperture
 * already acts like a Gaussian of variance {@code p²/12} (p the pixel pitch on film), so the stage blurs by
 * the remaining variance {@code σ² − p²/12}. A slanted-edge measurement of the output then gives the
 * declared MTF50. Where the declared MTF50 is beyond what the pixel grid holds, the channel is left as is.
 */
public final class LensSoftness implements Stage {
    /** The declaration. */
    public static final StageSpec SPEC = StageSpec.builder("lens-softness", PipelineOrder.LENS + 20,
                    "Gentle Gaussian MTF roll-off set by MTF50 in cycles/mm on film, per channel")
            .param(Param.reals("mtf50", "c/mm", 2, 400, new double[] {50, 60, 55},
                    "R, G, B frequency on film where contrast falls to 50 %"))
            .factory(v -> new LensSoftness(v.reals("mtf50")))
            .build();

    private static final double K = Math.sqrt(Math.log(2) / 2) / Math.PI;

    private final double[] mtf50;
    private final ParamValues params;

    /** @param mtf50 R, G, B MTF50 in cycles/mm on film, each 2 to 400 */
    public LensSoftness(double[] mtf50) {
        this.mtf50 = SPEC.checkReals("mtf50", mtf50);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mtf50", mtf50.clone());
        this.params = SPEC.values(m);
    }

    /** The same MTF50 for all three channels. */
    public LensSoftness(double mtf50) {
        this(new double[] {mtf50, mtf50, mtf50});
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    /** @return the Gaussian sigma in µm on film that has this MTF50 (cycles/mm) */
    public static double sigmaMicrons(double mtf50) {
        return K / mtf50 * 1000.0;
    }

    /** @return the blur sigma in pixels applied to a channel of an image of this size */
    public double blurSigmaPx(int channel, int width, int height, RenderContext ctx) {
        double p = ctx.pixelPitchMicrons(width, height);
        double s = sigmaMicrons(mtf50[channel]);
        double v = s * s - p * p / 12.0;
        return v <= 0 ? 0 : Math.sqrt(v) / p;
    }

    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        int w = input.width();
        int h = input.height();
        FloatImage out = input.blankLike();
        double pitchMm = ctx.pixelPitchMicrons(w, h) / 1000.0;
        for (int c = 0; c < 3; c++) {
            double sigma = blurSigmaPx(c, w, h, ctx);
            float[] k3 = threeTap(sigma, mtf50[c] * pitchMm);
            if (k3 != null) {
                Blur.separable(input.plane(c), out.plane(c), w, h, k3, ctx.scheduler());
            } else {
                Blur.gaussian(input.plane(c), out.plane(c), w, h, sigma, ctx.scheduler());
            }
        }
        return out;
    }

    /** Largest outer tap of {@link #threeTap} kept as is; up to {@link #C_CLAMP} it is clamped to 1/4. */
    static final double C_MAX = 0.25;
    /** Beyond this matched outer tap the three-tap kernel would invert fine detail: the 5-tap is used. */
    static final double C_CLAMP = 0.27;

    /**
     * The kernel {@code [c, 1 − 2c, c]} whose frequency response {@code 1 − 4c·sin²(πf)} equals the
     * Gaussian's {@code exp(−2π²σ²f²)} at the declared MTF50 frequency {@code f50} (cycles per pixel), so the
     * output's MTF50 is the one the Gaussian gives (the response at that frequency is what fixes MTF50); half
     * the taps of the 5-tap kernel, so the fused pass does about half the arithmetic. Between
     * {@link #C_MAX} and {@link #C_CLAMP} the tap is clamped to 1/4 ({@code [¼, ½, ¼]}, zero response at
     * Nyquist rather than a small negative one; MTF50 moves by under 1 %).
     *
     * @return the kernel, or null when a blur of {@code sigma} pixels needs more taps (sigma 0, sigma of a
     *     pixel or more, or a tap beyond {@link #C_CLAMP}, which would invert contrast near Nyquist)
     */
    static float[] threeTap(double sigma, double f50) {
        if (sigma < 1e-3 || sigma >= Blur.SMALL_SIGMA || f50 <= 0 || f50 >= 0.5) {
            return null;
        }
        double g = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * f50 * f50);
        double s = Math.sin(Math.PI * f50);
        double c = (1 - g) / (4 * s * s);
        if (c > C_CLAMP) {
            return null;
        }
        c = Math.min(c, C_MAX);
        return new float[] {(float) c, (float) (1 - 2 * c), (float) c};
    }
}
