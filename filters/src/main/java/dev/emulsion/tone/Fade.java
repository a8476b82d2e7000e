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
 * The print's black and white: {@code out = black + (white − black) · in} per channel in linear light. A lifted
 * {@code black} gives the faded, matte shadows of a real print or scan (never a pure 0); a {@code white} below 1
 * is paper white under the scanner, short of display maximum.
 */
public final class Fade implements ColorStage {
    /** The declaration: {@code fade.black}, {@code fade.white}. */
    public static final StageSpec SPEC = StageSpec.builder("fade", PipelineOrder.PRINT,
                    "Print black lift (faded shadows) and white point")
            .param(Param.real("black", "", 0, 0.25, 0, "linear output level of pure black"))
            .param(Param.real("white", "", 0.5, 1, 1, "linear output level of a full-scale white"))
            .factory(v -> new Fade(v.real("black"), v.real("white")))
            .build();

    private final double black;
    private final double white;
    private final ParamValues params;

    /**
     * @param black linear black level, 0 to 0.25
     * @param white linear white level, 0.5 to 1
     */
    public Fade(double black, double white) {
        this.black = SPEC.checkReal("black", black);
        this.white = SPEC.checkReal("white", white);
        this.params = SPEC.values(Map.of("black", black, "white", white));
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
        final float lo = (float) black;
        final float k = (float) (white - black);
        return (ColorKernel) (r, g, b, n) -> {
            for (int i = 0; i < n; i++) {
                r[i] = lo + k * r[i];
            }
            for (int i = 0; i < n; i++) {
                g[i] = lo + k * g[i];
            }
            for (int i = 0; i < n; i++) {
                b[i] = lo + k * b[i];
            }
        };
    }
}
