package dev.emulsion.image;

import dev.emulsion.chain.RenderContext;

/**
 * Rectangular dither for quantization: before rounding, each channel of each pixel gets a uniform offset in
 * (−{@value #HALF_WIDTH}, {@value #HALF_WIDTH}) code steps. The expected output then follows the exact
 * value (a slow gradient turns into a fine mix of two neighbouring codes instead of flat bands), and the
 * noise is deterministic, independent of the thread count and free of patterns because it is a
 * counter-based hash of (seed, x, y).
 *
 * <p>Cheap: one 32-bit hash per pixel gives four independent 8-bit uniforms, one per channel (R, G, B, A).
 * The row key is a 64-bit SplitMix64 hash of (seed, row), so rows are independent; within a row the pixel
 * hash is two multiply-xorshift rounds of {@code key + x·φ}, plain 32-bit integer arithmetic that the JIT
 * vectorizes when a whole row is filled with {@link #fillRow}. 256 levels of noise per channel are plenty for
 * a dither of one code step (the noise itself is quantized to 1/256 of its width, far below visibility).
 *
 * <p>Why the width is 0.99 and not 1 step: a value that sits on a code (an 8-bit input that went through
 * unchanged) carries a rounding error of about 1e-4 step from decode and re-encode; with a dither just under
 * half a step each side, that value always rounds back to its own code, which makes 8-bit round trips
 * exact. The 1 % narrower noise leaves a dead zone of ±0.005 step around each code, far below visibility.
 */
public final class Dither {
    /** Half the width of the rectangular dither, in code steps. */
    public static final float HALF_WIDTH = 0.495f;

    /**
     * Width of one of the 256 noise levels in 1/65536 of a code step: 253/65536 steps, so the 256 levels span
     * 0.984 step, inside (−{@value #HALF_WIDTH}, {@value #HALF_WIDTH}). Whole units of 1/65536 let the 8-bit
     * writer add the dither in fixed point with exactly the values {@link #fromBits} gives.
     */
    static final int LEVEL_FIXED = 253;
    /**
     * Level 0 plus the rounding half step, in 1/65536 of a step: the levels are then centred on zero (to
     * half a unit) and {@code floor(value + dither + 0.5)} is {@code (value·65536 + this + level·253) >> 16}.
     */
    static final int ROUND_FIXED = 32768 - (255 * LEVEL_FIXED + 1) / 2;
    /** Width of one noise level, in code steps. */
    static final float SCALE = LEVEL_FIXED / 65536f;
    /** Noise of level 0, in code steps. */
    static final float OFFSET = (ROUND_FIXED - 32768) / 65536f;

    /** Golden-ratio increment between neighbouring columns before mixing. */
    private static final int COLUMN_STEP = 0x9E3779B9;
    /** Columns per block in {@link #fillRow}: {@code COLUMNS[i] = i·φ} stays in the L1 cache. */
    private static final int BLOCK = 4096;
    private static final int[] COLUMNS = new int[BLOCK];

    static {
        for (int i = 0; i < BLOCK; i++) {
            COLUMNS[i] = i * COLUMN_STEP;
        }
    }

    private Dither() {
    }

    /**
     * @param seed per-image seed
     * @param y    row
     * @return the key that {@link #pixelBits} combines with a column
     */
    public static int rowKey(long seed, int y) {
        return (int) (RenderContext.mix(seed * 0x9E3779B97F4A7C15L + y) >>> 32);
    }

    /**
     * @param rowKey from {@link #rowKey}
     * @param x      column
     * @return 32 random bits for this pixel: 8 per channel
     */
    public static int pixelBits(int rowKey, int x) {
        return finish(rowKey + x * COLUMN_STEP);
    }

    /**
     * Two multiply-xorshift rounds (constants from a published search for low-bias 32-bit mixers): every
     * input bit reaches every output bit, and the map is a bijection on 32 bits.
     */
    private static int finish(int h) {
        h ^= h >>> 16;
        h *= 0x21F0AAAD;
        h ^= h >>> 15;
        h *= 0x735A2D97;
        return h ^ (h >>> 15);
    }

    /**
     * Fills {@code out[0, width)} with {@link #pixelBits}{@code (rowKey, x)} for every column of a row: the
     * same values, computed in blocks by a loop the JIT vectorizes.
     *
     * @param rowKey from {@link #rowKey}
     * @param width  number of columns
     * @param out    receives the bits; at least {@code width} long
     */
    public static void fillRow(int rowKey, int width, int[] out) {
        for (int x0 = 0; x0 < width; x0 += BLOCK) {
            int key = rowKey + x0 * COLUMN_STEP;
            int n = Math.min(BLOCK, width - x0);
            int[] cols = COLUMNS;
            for (int i = 0; i < n; i++) {
                int h = key + cols[i];
                h ^= h >>> 16;
                h *= 0x21F0AAAD;
                h ^= h >>> 15;
                h *= 0x735A2D97;
                out[x0 + i] = h ^ (h >>> 15);
            }
        }
    }

    /**
     * Fills {@code out[0, count)} with {@link #pixelBits}{@code (rowKey, x0 + i)}: one block of a row, written
     * from index 0 so that the JIT vectorizes the loop.
     *
     * @param rowKey from {@link #rowKey}
     * @param x0     first column
     * @param count  number of columns, at most 4096
     * @param out    receives the bits
     */
    public static void fillBlock(int rowKey, int x0, int count, int[] out) {
        if (count > BLOCK) {
            throw new IllegalArgumentException("count = " + count + " is out of range: allowed is 0 to " + BLOCK);
        }
        int key = rowKey + x0 * COLUMN_STEP;
        int[] cols = COLUMNS;
        for (int i = 0; i < count; i++) {
            int h = key + cols[i];
            h ^= h >>> 16;
            h *= 0x21F0AAAD;
            h ^= h >>> 15;
            h *= 0x735A2D97;
            out[i] = h ^ (h >>> 15);
        }
    }

    /**
     * @param bits    from {@link #pixelBits}
     * @param channel 0 to 3
     * @return uniform noise in (−{@value #HALF_WIDTH}, {@value #HALF_WIDTH}) code steps
     */
    public static float fromBits(int bits, int channel) {
        return ((bits >>> (channel << 3)) & 0xff) * SCALE + OFFSET;
    }

    /**
     * The dither of one channel of one pixel (convenience; loops use {@link #rowKey}/{@link #fillRow}).
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
