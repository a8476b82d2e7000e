package dev.emulsion.color;

import dev.emulsion.chain.ColorKernel;
import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Split toning: a tint of one hue in the shadows and another in the highlights, as a print's paper, chemistry
 * or a lab's scanner gives them. Each tint is a luminance-neutral offset of the {@link Hue} plane, scaled by
 * the pixel's luminance (so a colour keeps its luminance exactly and the tint is a relative colour shift).
 * With {@code t = clamp(√Y − balance/2, 0, 1)}, the shadow weight is {@code (1 − t)²} and the highlight
 * weight {@code t²}.
 */
public final class SplitTone implements ColorStage {
    /** The declaration: {@code split-tone.*}. */
    public static final StageSpec SPEC = StageSpec.builder("split-tone", PipelineOrder.PRINT + 10,
                    "Separate tints for shadows and highlights")
            .param(Param.real("shadow-hue", "°", 0, 360, 180, "hue of the shadow tint (0 red, 120 green, 180 cyan, 240 blue)"))
            .param(Param.real("shadow-amount", "", 0, 1, 0, "strength of the shadow tint"))
            .param(Param.real("highlight-hue", "°", 0, 360, 40, "hue of the highlight tint (40 warm orange)"))
            .param(Param.real("highlight-amount", "", 0, 1, 0, "strength of the highlight tint"))
            .param(Param.real("balance", "", -1, 1, 0, "moves the split: positive gives the shadow tint more range"))
            .factory(v -> new SplitTone(v.real("shadow-hue"), v.real("shadow-amount"), v.real("highlight-hue"),
                    v.real("highlight-amount"), v.real("balance")))
            .build();

    private final ParamValues params;
    private final float[] shadow;
    private final float[] highlight;
    private final float balance;

    /**
     * @param shadowHue       degrees, 0 to 360
     * @param shadowAmount    0 to 1
     * @param highlightHue    degrees, 0 to 360
     * @param highlightAmount 0 to 1
     * @param balance         −1 to 1
     */
    public SplitTone(double shadowHue, double shadowAmount, double highlightHue, double highlightAmount,
                     double balance) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("shadow-hue", SPEC.checkReal("shadow-hue", shadowHue));
        raw.put("shadow-amount", SPEC.checkReal("shadow-amount", shadowAmount));
        raw.put("highlight-hue", SPEC.checkReal("highlight-hue", highlightHue));
        raw.put("highlight-amount", SPEC.checkReal("highlight-amount", highlightAmount));
        raw.put("balance", SPEC.checkReal("balance", balance));
        this.params = SPEC.values(raw);
        this.shadow = scaled(Hue.tint(shadowHue), shadowAmount);
        this.highlight = scaled(Hue.tint(highlightHue), highlightAmount);
        this.balance = (float) balance;
    }

    private static float[] scaled(double[] d, double a) {
        return new float[] {(float) (d[0] * a), (float) (d[1] * a), (float) (d[2] * a)};
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
        final float sr = shadow[0], sg = shadow[1], sb = shadow[2];
        final float hr = highlight[0], hg = highlight[1], hb = highlight[2];
        final float off = 0.5f * balance;
        final float wr = (float) Hue.WR;
        final float wg = (float) Hue.WG;
        final float wb = (float) Hue.WB;
        // with u = 1 − t the tint added to channel c is l·(u²·shadow[c] + t²·highlight[c])
        // = l·(s0[c] + t·(s1[c] + t·s2[c])): one loop per channel
        final float ar = sr, br = -2f * sr, cr = sr + hr;
        final float ag = sg, bg = -2f * sg, cg = sg + hg;
        final float ab = sb, bb = -2f * sb, cb = sb + hb;
        return (ColorKernel) (x, y, z, n) -> {
            float[] l = Scratch.get(0, n);
            float[] t = Scratch.get(1, n);
            for (int k = 0; k < n; k++) {
                l[k] = Math.max(0f, wr * x[k] + wg * y[k] + wb * z[k]);
            }
            for (int k = 0; k < n; k++) {
                t[k] = Math.min(1f, Math.max(0f, (float) Math.sqrt(l[k]) - off));
            }
            for (int k = 0; k < n; k++) {
                x[k] += l[k] * (ar + t[k] * (br + t[k] * cr));
            }
            for (int k = 0; k < n; k++) {
                y[k] += l[k] * (ag + t[k] * (bg + t[k] * cg));
            }
            for (int k = 0; k < n; k++) {
                z[k] += l[k] * (ab + t[k] * (bb + t[k] * cb));
            }
        };
    }
}
