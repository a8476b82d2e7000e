package dev.emulsion.image;

import dev.emulsion.chain.RenderContext;

/**
 * Rectangular dither noise for quantization: a uniform value in (−0.5, 0.5) code steps per pixel and channel
 * from a counter-based hash of the position, so it is deterministic, independent of threads and free of
 * patterns. Adding it before rounding makes the expected output equal to the exact value (no bands on smooth
 * gradients) while an input that already sits exactly on a code is left on that code.
 */
public final class Dither {
    private Dither() {
    }

    /**
     * @param seed    per-image seed
     * @param x       column
     * @param y       row
     * @param channel channel index
     * @return uniform noise strictly inside (−0.5, 0.5)
     */
    public static float noise(long seed, int x, int y, int channel) {
        long h = RenderContext.mix(seed ^ ((long) y << 32 | (x & 0xffffffffL)) * 0x9E3779B97F4A7C15L + channel);
        // 23 random bits centred on zero: (k + 0.5) / 2^23 - 0.5 lies in (-0.5, 0.5)
        return ((h >>> 41) + 0.5f) * 0x1p-23f - 0.5f;
    }
}
