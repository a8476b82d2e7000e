package dev.emulsion.grain;

import dev.emulsion.chain.BandStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Film grain sized from a data sheet's RMS granularity, applied in the density domain of the positive.
 *
 * <p><b>Size.</b> {@code granularity} is the data-sheet number: 1000 × σ of density through a 48 µm circular
 * aperture (area of a 42.5 µm square) at density 1.0. The pixel pitch on film {@code p} comes from
 * {@link RenderContext#pixelPitchMicrons(int, int)}; by Selwyn's law the σ of density averaged over a
 * 42.5 µm square is the granularity at every resolution. Grain is white noise filtered by a short separable
 * kernel whose width is the clump size in pixels ({@link GrainKernel}); when the pitch is coarser than a
 * clump the grain is independent per pixel with σ = G/1000 · 42.5/p, when it is finer the grain is
 * correlated over clump/p pixels and the per-pixel σ is lower by just as much as the aperture mean needs.
 *
 * <p><b>Level.</b> Grain is a fluctuation of print density {@code D = −log10(L)} of the positive linear
 * value {@code L} (1 = paper white). Its σ follows the slope of a print's characteristic curve, modelled as
 * {@code t(1 − t)²} with {@code t = √L} ({@link #response(double)}), normalised to 1 at density 1.0:
 * strongest in the mid-tones, nothing at paper white, fading into deep black. {@code level-response} blends
 * this with a constant density σ.
 *
 * <p><b>Mean.</b> A density fluctuation {@code δ} multiplies linear light by {@code 10^−δ}; the stage uses its
 * second-order expansion with the expectation removed, {@code L·(1 − a·n + a²(n² − 1)/2)} for unit noise
 * {@code n} and {@code a = ln 10 · σ_D}, which keeps the linear mean exactly, is always positive for
 * {@code a < 1} (so nothing is clipped at 0) and has the density σ of {@code a / ln 10}. The amplitude
 * curve is scaled down if its peak would exceed 0.9, which only extreme settings reach.
 *
 * <p><b>Colour.</b> In colour mode each dye layer has its own grain with σ scaled by {@code layer-ratios}
 * (the granularity is that of a ratio-1 layer; blue is grainiest on real stocks) and the layers' noises
 * correlate pairwise by {@code layer-correlation}. In mono mode one silver layer gives identical noise in R,
 * G and B and the ratios are ignored.
 *
 * <p><b>Randomness and speed.</b> White noise is a hash of (seed, x, y): bit for bit the same at
 * any thread count and band layout, different for every seed (the default seed is derived from the image).
 * On images of about 1 MP and more, one template of the filtered grain is rendered per image and read by
 * small blocks at hashed offsets, cross-faded at their edges so that σ is constant ({@link GrainRenderer}):
 * no tiles on a grid, no periodic structure, and per pixel only a copy, a cross-fade and a square root and a
 * few multiply-adds per channel, all in vectorisable loops.
 *
 * <p>Runs at {@link PipelineOrder#DEVELOPMENT} + 50: after the film curve and after any blur, on the
 * positive linear image. Immutable and thread-safe.
 */
public final class Grain implements BandStage {
    /** Side of the square with the 48 µm circular aperture's area, in µm. */
    static final double APERTURE_MICRONS = 42.5;
    /** Rows per band: the halo of twice the kernel radius costs a few % at typical radii. */
    static final int BAND_ROWS = 128;
    /** Largest multiplicative amplitude; keeps {@code 1 − a·n + a²(n² − 1)/2} away from 0. */
    static final float MAX_AMPLITUDE = 0.9f;

    /** The declaration: {@code grain.granularity}, {@code grain.mode}, ... */
    public static final StageSpec SPEC = StageSpec.builder("grain", PipelineOrder.DEVELOPMENT + 50,
                    "Film grain from data-sheet RMS granularity, in the density domain, colour or monochrome")
            .param(Param.real("granularity", "RMS×1000", 0, 40, 5,
                    "data-sheet RMS granularity: 1000 × σ of density through a 48 µm aperture at density 1.0"))
            .param(Param.choice("mode", List.of("colour", "mono"), "colour",
                    "colour: three partly correlated dye layers; mono: one silver layer, identical in R, G, B"))
            .param(Param.reals("layer-ratios", "", 0.1, 4, new double[] {0.8, 1.0, 2.0},
                    "relative grain σ of the red, green and blue dye layers (colour mode; granularity is ratio 1)"))
            .param(Param.real("layer-correlation", "", 0, 1, 0.5,
                    "correlation of the dye layers' grain (colour mode): 0 independent, 1 identical"))
            .param(Param.real("clump-size", "µm", 1, 60, 18,
                    "diameter of a grain clump or dye cloud on film: the grain's correlation length"))
            .param(Param.real("strength", "", 0, 2, 1, "multiplier on the grain's σ, for taste"))
            .param(Param.real("level-response", "", 0, 1, 1,
                    "1: grain peaks in the mid-tones and fades at paper white and deep black; 0: same density σ at every level"))
            .factory(Grain::new)
            .build();

    private final double granularity;
    private final boolean mono;
    private final double[] ratios;
    private final double correlation;
    private final double clumpSize;
    private final double strength;
    private final double levelResponse;
    private final ParamValues params;

    /**
     * Builds the stage from validated values of {@link #SPEC}.
     *
     * @param values values of this stage's spec (see {@link StageSpec#values(Map)})
     * @throws IllegalArgumentException if the values belong to another stage
     */
    public Grain(ParamValues values) {
        if (values.spec() != SPEC) {
            throw new IllegalArgumentException("values of stage " + values.spec().name() + " given to grain");
        }
        this.granularity = values.real("granularity");
        this.mono = values.choice("mode").equals("mono");
        this.ratios = values.reals("layer-ratios");
        this.correlation = values.real("layer-correlation");
        this.clumpSize = values.real("clump-size");
        this.strength = values.real("strength");
        this.levelResponse = values.real("level-response");
        this.params = values;
    }

    /** @return a builder starting from every parameter's default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this stage's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.raw.putAll(params.asMap());
        return b;
    }

    /** @return the RMS granularity (×1000, 48 µm aperture, density 1.0) */
    public double granularity() {
        return granularity;
    }

    /** @return whether the grain is one silver layer, identical in R, G and B */
    public boolean isMono() {
        return mono;
    }

    /** @return the clump size in µm on film */
    public double clumpSize() {
        return clumpSize;
    }

    /** @return the strength multiplier */
    public double strength() {
        return strength;
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
     * Adds grain. The seed is the context's explicit seed or, without one, derived from {@code input}.
     *
     * @param input positive linear image (after the film curve); never modified
     * @param ctx   the render context: seed, film format, scheduler
     * @return a new image with grain; alpha is copied unchanged
     */
    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        return render(input, ctx, true);
    }

    /**
     * {@link #apply}, optionally without templates (the reference the templated grain is tested against).
     *
     * @param templated whether large images may read the grain from templates (see {@link GrainRenderer})
     */
    FloatImage render(FloatImage input, RenderContext ctx, boolean templated) {
        if (strength == 0 || granularity == 0) {
            return input.copy();
        }
        int w = input.width();
        int h = input.height();
        double pitch = ctx.pixelPitchMicrons(w, h);
        long seed = ctx.seedFor(input);
        // The output planes are allocated (and so zeroed) on the scheduler's threads, beside the plan (which
        // renders the grain template): zeroing 288 MB at 24 MP and the template would otherwise be serial
        // work, and three planes alone leave one of two threads idle for a third of the zeroing.
        int n = input.pixelCount();
        float[][] planes = new float[3][];
        GrainRenderer[] plans = new GrainRenderer[1];
        ctx.scheduler().forEach(4, i -> {
            if (i == 0) {
                plans[0] = plan(pitch, seed, w, h, templated);
            } else {
                planes[i - 1] = new float[n];
            }
        });
        GrainRenderer r = plans[0];
        FloatImage out = new FloatImage(w, h, planes[0], planes[1], planes[2],
                input.hasAlpha() ? input.alpha().clone() : null, input.space());
        int bands = (h + BAND_ROWS - 1) / BAND_ROWS;
        ctx.scheduler().forEach(bands, b -> r.band(input, out, b * BAND_ROWS, Math.min(h, (b + 1) * BAND_ROWS)));
        return out;
    }

    /**
     * The grain of {@link #apply} for bands of rows rendered in place: the plan (and its template) is made
     * here, once; each band then modulates its own rows, as {@link #apply}'s bands do, so the rows are the
     * same bit for bit for any band layout. Alpha is left as it is ({@link #apply} copies it unchanged).
     *
     * @param width  image width
     * @param height image height
     * @param ctx    render context with a resolved seed
     * @return an in-place kernel for bands of that image; thread-safe
     */
    @Override
    public PointKernel prepareBands(int width, int height, RenderContext ctx) {
        if (strength == 0 || granularity == 0) {
            return strip -> { };
        }
        GrainRenderer r = plan(ctx.pixelPitchMicrons(width, height), ctx.seed(), width, height, true);
        return strip -> {
            FloatImage view = new FloatImage(width, height, strip.red(), strip.green(), strip.blue(), strip.alpha(),
                    dev.emulsion.image.WorkingSpace.LINEAR_SRGB);
            r.band(view, view, strip.y0(), strip.y1());
        };
    }

    /**
     * The per-image plan: kernel, per-channel amplitude coefficients and layer mixing weights for a pixel
     * pitch and seed.
     *
     * @param pitch     pixel pitch on film in µm
     * @param seed      the resolved seed
     * @param width     image width
     * @param height    image height
     * @param templated whether large images may read the grain from templates (see {@link GrainRenderer})
     */
    GrainRenderer plan(double pitch, long seed, int width, int height, boolean templated) {
        GrainKernel k = GrainKernel.design(clumpSize / pitch);
        // σ of the unit noise's mean over the 42.5 µm square is Σh²/(Σh)² · p/42.5 (2-D, separable kernel,
        // exact beyond the kernel support); the amplitude at density 1.0 makes that equal G/1000 in density.
        double perUnit = Math.log(10) * (APERTURE_MICRONS / pitch) * k.energy / (k.sum * k.sum) / 1000.0;
        double wRef = response(REFERENCE_T);
        float[] flat = new float[3];
        float[] bump = new float[3];
        for (int c = 0; c < 3; c++) {
            double aRef = strength * granularity * (mono ? 1.0 : ratios[c]) * perUnit;
            double f = aRef * (1.0 - levelResponse);
            double b = aRef * levelResponse / wRef;
            // The largest amplitude (at the response's peak, t = 1/3) is kept below MAX_AMPLITUDE by scaling
            // the whole curve; only extreme settings (granularity × strength far beyond real stocks) reach it.
            double peak = f + b * response(1.0 / 3.0);
            double scale = peak > MAX_AMPLITUDE ? MAX_AMPLITUDE / peak : 1.0;
            flat[c] = (float) (f * scale);
            bump[c] = (float) (b * scale);
        }
        double rho = mono ? 1.0 : correlation;
        // Symmetric square root of the correlation matrix (1 on the diagonal, ρ elsewhere): n_c = α·z_c + β·Σz.
        double alpha = Math.sqrt(1.0 - rho);
        double beta = (Math.sqrt(1.0 + 2.0 * rho) - alpha) / 3.0;
        return new GrainRenderer(k, seed, flat, bump, mono || rho >= 1.0, (float) alpha, (float) beta, width, height,
                templated);
    }

    /** √L at density 1.0, where the granularity is defined. */
    static final double REFERENCE_T = Math.pow(10, -0.5);

    /**
     * Relative density σ at {@code t = √L}: {@code t(1 − t)²}. It follows the slope of a print's
     * characteristic curve (the ratio of print to negative density change): zero at paper white, a peak at
     * density 0.95 (L ≈ 0.11) and a soft fade into deep black, and it is a polynomial in √L so the renderer
     * evaluates it with vector instructions.
     */
    static double response(double t) {
        return t * (1 - t) * (1 - t);
    }

    /**
     * Collects parameter values for a {@link Grain}; every value is validated by {@link #build()} through
     * {@link Grain#SPEC}. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Object> raw = new LinkedHashMap<>();

        private Builder() {
        }

        /** Data-sheet RMS granularity (×1000, 48 µm, D 1.0), 0 to 40. */
        public Builder granularity(double rms) {
            raw.put("granularity", rms);
            return this;
        }

        /** One silver layer: identical grain in R, G and B. */
        public Builder mono() {
            raw.put("mode", "mono");
            return this;
        }

        /** Three dye layers with their own, partly correlated grain. */
        public Builder colour() {
            raw.put("mode", "colour");
            return this;
        }

        /** Relative σ of the red, green and blue layers (colour mode), each 0.1 to 4. */
        public Builder layerRatios(double red, double green, double blue) {
            raw.put("layer-ratios", new double[] {red, green, blue});
            return this;
        }

        /** Pairwise correlation of the layers' grain, 0 to 1. */
        public Builder layerCorrelation(double rho) {
            raw.put("layer-correlation", rho);
            return this;
        }

        /** Clump (dye cloud) diameter in µm on film, 1 to 60. */
        public Builder clumpSize(double microns) {
            raw.put("clump-size", microns);
            return this;
        }

        /** Multiplier on σ, 0 to 2. */
        public Builder strength(double s) {
            raw.put("strength", s);
            return this;
        }

        /** 1: mid-tone peak fading at white and black; 0: constant density σ. */
        public Builder levelResponse(double r) {
            raw.put("level-response", r);
            return this;
        }

        /**
         * @return the stage
         * @throws IllegalArgumentException naming {@code grain.param}, the value and the allowed range
         */
        public Grain build() {
            return new Grain(SPEC.values(raw));
        }
    }
}
