package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.color.Scratch;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bloom / diffusion: the look of a diffusion filter (Pro-Mist, Black Pearl) or a hazy lens, as a point
 * spread function with a sharp core, a halo and a long tail, applied to all light in linear space:
 * <pre>  PSF = (1 − s)·δ + s·[(1 − τ)·G(σ_halo) + τ·G(σ_tail)]</pre>
 * with {@code s = strength}, {@code τ = tail-share} and the sigmas in µm on film. The PSF has unit integral,
 * so each channel's total light is kept (up to the clamped image border): diffusion only moves light,
 * lowering local contrast and lifting shadows near lights. {@link #psf(double)} gives the declared radial
 * profile.
 *
 * <p>{@code highlight-boost} multiplies the light that is scattered by {@code 1 + boost·u(m)} where u rises
 * from 0 at 0.9 to 1 at 1.0 of the brightest channel, so clipped 8-bit lights bloom as real ones would;
 * with it on, the output gains {@code s · Σ (boosted − original)}: the clipped light returns as scatter only.
 */
public final class Bloom implements Stage {
    /** The declaration. */
    public static final StageSpec SPEC = StageSpec.builder("bloom", PipelineOrder.LIGHT + 10,
                    "Bloom / diffusion filter: core + halo + long tail PSF, energy-conserving")
            .param(Param.real("strength", "", 0, 1, 0.12, "fraction of the light scattered out of the core"))
            .param(Param.real("halo", "µm", 5, 2000, 120, "sigma of the halo on film"))
            .param(Param.real("tail", "µm", 20, 10000, 900, "sigma of the long tail on film"))
            .param(Param.real("tail-share", "", 0, 1, 0.35, "share of the scattered light in the tail"))
            .param(Param.real("highlight-boost", "", 0, 32, 0,
                    "extra scatter from near-clipped (0.9 to 1.0) pixels, so 8-bit highlights bloom"))
            .factory(v -> new Bloom(v.real("strength"), v.real("halo"), v.real("tail"), v.real("tail-share"),
                    v.real("highlight-boost")))
            .build();

    private final double strength;
    private final double halo;
    private final double tail;
    private final double tailShare;
    private final double boost;
    private final ParamValues params;

    /**
     * @param strength       0 to 1
     * @param halo           halo sigma, 5 to 2000 µm
     * @param tail           tail sigma, 20 to 10000 µm, not smaller than halo
     * @param tailShare      0 to 1
     * @param highlightBoost 0 to 32
     */
    public Bloom(double strength, double halo, double tail, double tailShare, double highlightBoost) {
        this.strength = SPEC.checkReal("strength", strength);
        this.halo = SPEC.checkReal("halo", halo);
        this.tail = SPEC.checkReal("tail", tail);
        this.tailShare = SPEC.checkReal("tail-share", tailShare);
        this.boost = SPEC.checkReal("highlight-boost", highlightBoost);
        if (tail < halo) {
            throw new IllegalArgumentException("bloom.tail = " + tail
                    + " is out of range: allowed is a number from the halo sigma (" + halo + ") to 10000 µm");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strength", strength);
        m.put("halo", halo);
        m.put("tail", tail);
        m.put("tail-share", tailShare);
        m.put("highlight-boost", highlightBoost);
        this.params = SPEC.values(m);
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
     * The declared scattered part of the PSF (without the core's δ) at radius {@code r} µm on film.
     *
     * @return intensity per µm² for a unit point source
     */
    public double psf(double rMicrons) {
        return strength * ((1 - tailShare) * gauss2(rMicrons, halo) + tailShare * gauss2(rMicrons, tail));
    }

    private static double gauss2(double r, double sigma) {
        return Math.exp(-r * r / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma);
    }

    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        int w = input.width();
        int h = input.height();
        if (strength == 0) {
            return input.copy();
        }
        FloatImage out = input.blankLike();
        double pitch = ctx.pixelPitchMicrons(w, h);
        float[] r = input.red();
        float[] g = input.green();
        float[] b = input.blue();
        float bst = (float) boost;
        boolean boosted = boost > 0;
        double[] sigmas = {halo / pitch, tail / pitch};
        double[] weights = {1 - tailShare, tailShare};
        float s = (float) strength;
        for (int c = 0; c < 3; c++) {
            float[] e = input.plane(c);
            float[] o = out.plane(c);
            // rows are copied into lines so every loop indexes its arrays alike (C2 then vectorises it)
            Blur.RowSource source = (y, row) -> {
                int base = y * w;
                System.arraycopy(e, base, row, 0, w);
                if (!boosted) {
                    return;
                }
                float[] lr = Scratch.load(0, r, base, w);
                float[] lg = Scratch.load(1, g, base, w);
                float[] lb = Scratch.load(2, b, base, w);
                for (int x = 0; x < w; x++) {
                    float m = Math.max(lr[x], Math.max(lg[x], lb[x]));
                    float u = Math.min(1f, Math.max(0f, (m - 0.9f) * 10f));
                    row[x] *= 1f + bst * (u * u * (3f - 2f * u));
                }
            };
            Glow.mixture(source, w, h, sigmas, weights, ctx.scheduler(), (y, glow) -> {
                int base = y * w;
                float[] le = Scratch.load(3, e, base, w);
                for (int x = 0; x < w; x++) {
                    glow[x] = le[x] + s * (glow[x] - le[x]);
                }
                System.arraycopy(glow, 0, o, base, w);
            });
        }
        return out;
    }
}
