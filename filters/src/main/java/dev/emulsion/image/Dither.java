package dev.emulsion.image;

import dev.emulsion.chain.RenderContext;

/**
 * Rectangular dither for quantization: before rounding, each channel of each pixel gets a uniform offset in
 * (−{@value #HALF_WIDTH}, {@value #HALF_WIDTH}) code steps. The expected output then follows the exact
 * value (a slow gradient turns into a fine mix of two neighbouring codes instead of flat bands), and the
 * noise is deterministic, independent of the thread count and free of patterns because it is a
 * counter-based hash of (seed, x, y).
 *
 * <p>Cheap: one 64-bit hash per pixel (SplitMix64 of the row key plus the column) gives four independent
 * 16-bit uniforms, one per channel (R, G, B, A).
 *
 * <p>Why the width is 0.99 and not 1 step: a value that sits on a code (an 8-bit input that went through
 * unchanged) carries a rounding error of about 1e-4 step from decode and re-encode; with a dither just under
 * half a step each side, that value always rounds back to its own code, which makes 8-bit round trips
 * exact. The 1 % narrower noise leaves a dead zone of ±0.005 step around each code, far below visibility.
 */
public final class Dither {
    /** Half the width of the rectangular dither, in code steps. */
    public static final float HALF_WIDTH = 0.495f;

    private static final float SCALE = 2 * HALF_WIDTH / 65536f;
    private static final float OFFSET = 0.5f * SCALE - HALF_WIDTH;

    private Dither() {
    }

    /**
     * @param seed per-image seed
     * @param y    row
     * @return the key that {@link #pixelBits} combines with a column
     */
    public static long rowKey(long seed, int y) {
        return RenderContext.mix(seed * 0x9E3779B97F4A7C15L + y);
    }

    /**
     * @param rowKey from {@link #rowKey}
     * @param x      column
     * @return 64 random bits for this pixel: 16 per channel
     */
    public static long pixelBits(long rowKey, int x) {
        return RenderContext.mix(rowKey + x * 0xD1B54A32D192ED03L);
    }

    /**
     * @param bits    from {@link #pixelBits}
     * @param channel 0 to 3
     * @return uniform noise in (−{@value #HALF_WIDTH}, {@value #HALF_WIDTH}) code steps
     */
    public static float fromBits(long bits, int channel) {
        return (int) ((bits >>> (channel << 4)) & 0xffff) * SCALE + OFFSET;
    }

    /**
     * The dither of one channel of one pixel (convenience; loops use {@link #rowKey}/{@link #pixelBits}).
     *
     * @param seed    per-image seed
     * @param x       column
     * @param y       row
     * @param channel channel index 0 to 3
     * @return uniform noise in (−{@value #HALF_WIDTH}, {@value #HALF_WIDTH}) code steps
     */
    public static float noise(long seed, int x, int y, int channel) {
        return fromBits(pixelBits(rowKey(seed, y), x), channel & 3);
    }
}
