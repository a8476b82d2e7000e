package dev.emulsion.chain;

/**
 * A whole-image stage that can also render in place, one band of whole rows at a time: the output rows
 * {@code [y0, y1)} depend only on the input rows {@code [y0, y1)} (their values, positions and the seed),
 * so the result equals {@link #apply} bit for bit however the image is cut into bands and in whatever
 * order or on whatever threads the bands run. Grain is one: its noise is a hash of (seed, x, y).
 *
 * <p>Unlike a {@link PointStage}, the chain does not fuse such a stage into its strips of a few rows (its
 * per-band set-up wants bands of dozens of rows); {@link FilterChain#applyBanded} uses it to render the
 * chain's tail band by band, e.g. while an encoder consumes the finished rows.
 */
public interface BandStage extends Stage {
    /**
     * Prepares per-image state (tables, templates, the seed's noise) for an image of this size, once.
     *
     * @param width  image width in pixels
     * @param height image height in pixels
     * @param ctx    the render context with a resolved seed ({@link RenderContext#seed()})
     * @return a kernel that transforms bands of that image in place; it may run concurrently on disjoint
     *     bands, and every band, of any height, gives the rows the values {@link #apply} gives them
     */
    PointKernel prepareBands(int width, int height, RenderContext ctx);
}
