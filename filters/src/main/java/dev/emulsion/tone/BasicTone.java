package dev.emulsion.tone;

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
 * A simple print tone: highlights above a knee roll off smoothly toward 1.0 instead of clipping, and black is
 * lifted to a floor. Per channel, in linear light:
 * {@code y = x} below the knee {@code k}, {@code y = k + d / (1 + d / (1 − k))} with {@code d = x − k} above it
 * (continuous in value and slope, approaching 1.0), then {@code out = lift + (1 − lift)·y}.
 */
public final class BasicTone implements ColorStage {
    /** The declaration: {@code tone.black-lift}, {@code tone.highlight-knee}. */
    public static final StageSpec SPEC = StageSpec.builder("tone", PipelineOrder.PRINT + 90,
                    "Basic print tone: lifted blacks and a smooth highlight roll-off")
            .param(Param.real("black-lift", "", 0, 0.2, 0, "linear output level of pure black (faded shadows)"))
            .param(Param.real("highlight-knee", "", 0.3, 1.0, 1.0,
                    "linear level where highlights start to roll off toward 1.0; 1 disables the roll-off"))
            .factory(v -> new BasicTone(v.real("black-lift"), v.real("highlight-knee")))
            .build();

    private final double blackLift;
    private final double knee;
    private final ParamValues params;

    /**
     * @param blackLift     linear output of pure black, 0 to 0.2
     * @param highlightKnee linear level where the roll-off starts, 0.3 to 1 (1 = none)
     */
    public BasicTone(double blackLift, double highlightKnee) {
        this.blackLift = SPEC.checkReal("black-lift", blackLift);
        this.knee = SPEC.checkReal("highlight-knee", highlightKnee);
        this.params = SPEC.values(Map.of("black-lift", blackLift, "highlight-knee", highlightKnee));
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
        final float k = (float) knee;
        final float inv = knee < 1.0 ? (float) (1.0 / (1.0 - knee)) : 0f;
        final float lift = (float) blackLift;
        final float scale = 1f - lift;
        final boolean roll = knee < 1.0;
        return (ColorKernel) (r, g, b, n) -> {
            plane(r, n, roll, k, inv, lift, scale);
            plane(g, n, roll, k, inv, lift, scale);
            plane(b, n, roll, k, inv, lift, scale);
        };
    }

    private static void plane(float[] p, int n, boolean roll, float k, float inv, float lift, float scale) {
        if (roll) {
            for (int i = 0; i < n; i++) {
                float x = Math.max(p[i], 0f);
                float d = Math.max(x - k, 0f);
                p[i] = lift + scale * (Math.min(x, k) + d / (1f + d * inv));
            }
        } else {
            for (int i = 0; i < n; i++) {
                p[i] = lift + scale * Math.max(p[i], 0f);
            }
        }
    }
}
