package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.StageSpec;

/**
 * One step of a film look. Implementations are final, immutable and safe to share between threads; they are
 * validated at construction (an {@link IllegalArgumentException} names the parameter, its value and the
 * allowed range) and never change the image they are given.
 *
 * <p>Stages that compute each output pixel from the same input pixel implement {@link PointStage} so that
 * a {@link FilterChain} can fuse them into one pass; all others (blurs, resampling) implement
 * {@link #apply(FloatImage, RenderContext)} over the whole image and may use
 * {@link RenderContext#scheduler()} to work in parallel, provided the result does not depend on the number
 * of threads.
 */
public interface Stage {
    /** @return the declaration of this kind of stage */
    StageSpec spec();

    /** @return this stage's parameter values (for presets, docs and LUT export) */
    ParamValues params();

    /**
     * Applies the stage.
     *
     * @param input the image; never modified
     * @param ctx   the render context, with its seed already resolved for this image
     * @return a new image (never {@code input} itself)
     */
    FloatImage apply(FloatImage input, RenderContext ctx);
}
