package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.Map;
import java.util.Objects;

/**
 * Blends a whole inner chain with the untouched input: {@code out = in + strength · (look(in) − in)} per
 * channel in linear light. A preset's global {@code strength} is this stage around the preset's chain.
 */
public final class Mix implements Stage {
    /** The declaration (not built from presets directly: the preset loader wraps its chain). */
    public static final StageSpec SPEC = StageSpec.builder("mix", PipelineOrder.PRINT + 99,
                    "Blend of a whole look with the original image")
            .param(Param.real("strength", "", 0, 1, 1, "0 = original image, 1 = the full look"))
            .factory(v -> {
                throw new IllegalArgumentException("mix wraps a chain: build it in Java");
            })
            .build();

    private final FilterChain inner;
    private final double strength;
    private final ParamValues params;

    /**
     * @param inner    the look to blend
     * @param strength 0 (original) to 1 (full look)
     */
    public Mix(FilterChain inner, double strength) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.strength = SPEC.checkReal("strength", strength);
        this.params = SPEC.values(Map.of("strength", strength));
    }

    /** @return the blended chain */
    public FilterChain inner() {
        return inner;
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
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        FloatImage look = inner.apply(input, ctx);
        final float s = (float) strength;
        int n = input.pixelCount();
        ctx.scheduler().forRanges(n, 1 << 16, (from, to) -> {
            for (int c = 0; c < 3; c++) {
                float[] src = input.plane(c);
                float[] dst = look.plane(c);
                for (int i = from; i < to; i++) {
                    dst[i] = src[i] + s * (dst[i] - src[i]);
                }
            }
        });
        return look;
    }
}
