package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;

/**
 * A stage whose output pixel depends only on the same input pixel (its value and, for vignetting or grain,
 * its position and the seed). A {@link FilterChain} fuses consecutive point stages into one pass per row
 * strip.
 */
public interface PointStage extends Stage {
    /**
     * Prepares per-image state (tables, pixel pitch, seed) for an image of this size.
     *
     * @param width  image width in pixels
     * @param height image height in pixels
     * @param ctx    the render context with a resolved seed
     * @return a kernel that transforms strips of that image in place
     */
    PointKernel prepare(int width, int height, RenderContext ctx);

    /** Runs this stage alone; same result as a chain holding only this stage. */
    @Override
    default FloatImage apply(FloatImage input, RenderContext ctx) {
        return FilterChain.runPointStages(java.util.List.of(this), input, ctx, false);
    }
}
