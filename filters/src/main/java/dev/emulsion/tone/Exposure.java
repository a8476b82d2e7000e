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

/** Scales linear light by {@code 2^ev}: what opening the aperture or lengthening the shutter does. */
public final class Exposure implements ColorStage {
    /** The declaration: {@code exposure.ev}. */
    public static final StageSpec SPEC = StageSpec.builder("exposure", PipelineOrder.SCENE,
                    "Exposure change in stops, applied to linear scene light")
            .param(Param.real("ev", "EV", -10, 10, 0, "exposure change in stops (+1 doubles the light)"))
            .factory(v -> new Exposure(v.real("ev")))
            .build();

    private final double ev;
    private final ParamValues params;

    /**
     * @param ev exposure change in stops, −10 to 10
     * @throws IllegalArgumentException if out of range
     */
    public Exposure(double ev) {
        this.ev = SPEC.checkReal("ev", ev);
        this.params = SPEC.values(Map.of("ev", ev));
    }

    /** @return the exposure change in stops */
    public double ev() {
        return ev;
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
        final float gain = (float) Math.pow(2.0, ev);
        return (ColorKernel) (r, g, b, n) -> {
            for (int i = 0; i < n; i++) {
                r[i] *= gain;
            }
            for (int i = 0; i < n; i++) {
                g[i] *= gain;
            }
            for (int i = 0; i < n; i++) {
                b[i] *= gain;
            }
        };
    }
}
