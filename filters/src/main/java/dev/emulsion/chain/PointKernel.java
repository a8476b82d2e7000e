package dev.emulsion.chain;

/**
 * A {@link PointStage} prepared for one image: transforms a {@link Strip} in place. A kernel may be called
 * concurrently on different strips and must give every pixel the same value however the image is cut into
 * strips. Inner loops should be flat counted loops over the planes without allocation or
 * {@code Math.pow/exp/log} per pixel.
 */
@FunctionalInterface
public interface PointKernel {
    /** Transforms the strip's pixels in place. */
    void process(Strip strip);
}
