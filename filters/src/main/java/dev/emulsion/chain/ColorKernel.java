package dev.emulsion.chain;

/**
 * A {@link PointKernel} whose result depends on each pixel's colour only, so it can transform any three
 * equally indexed planes, not only a strip of the image. {@link FilterChain} runs consecutive colour kernels
 * on short blocks of pixels copied once into per-thread planes that stay in the core's cache: the block is
 * read from the image once, every kernel transforms it, and it is written back once, instead of every kernel
 * copying the strip in and out on its own.
 *
 * <p>Kernels index the three planes and any scratch planes alike ({@code a[k]} with {@code b[k]} from 0 to
 * {@code n}), which is what lets C2 vectorize their loops.
 */
public interface ColorKernel extends PointKernel {
    /**
     * Pixels per block: the block's planes and a kernel's scratch planes (up to 11 planes, 176 KB) stay in the
     * second-level cache. Larger than the first-level cache on purpose: the kernels' vector loops are bound by
     * arithmetic, not by L2 bandwidth, while copying the block in and out costs less in fewer, longer copies
     * (measured at 24 MP, 1 thread: the copy path alone 61 ms at 1024 pixels, 52 ms at 4096, floor 35 ms).
     */
    int BLOCK = 4096;

    /**
     * Transforms pixels {@code [0, n)} of the three planes in place. The planes may be longer than {@code n};
     * elements from {@code n} on are left alone.
     *
     * @param r red plane
     * @param g green plane
     * @param b blue plane
     * @param n number of pixels, at most {@link #BLOCK}
     */
    void apply(float[] r, float[] g, float[] b, int n);

    /** Transforms the strip block by block through {@link #apply}. */
    @Override
    default void process(Strip strip) {
        ColorBlocks.run(new ColorKernel[] {this}, strip.red(), strip.green(), strip.blue(), strip.red(),
                strip.green(), strip.blue(), strip.start(), strip.end());
    }
}
