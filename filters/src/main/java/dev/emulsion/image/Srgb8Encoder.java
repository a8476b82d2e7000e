package dev.emulsion.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Linear float planes to dithered 8-bit sRGB bytes, the hot path of {@link ImageConversion}'s output.
 * One instance per worker (it owns scratch buffers); not thread-safe.
 *
 * <p>How it stays cheap on C2 (JDK 17), whose auto-vectorizer handles integer arithmetic but neither
 * int/float conversions nor {@code Math.min/max} on ints, nor loops whose arrays are indexed with different
 * offsets:
 * <ul>
 *   <li>each row is cut into blocks of {@value #BLOCK} pixels and every vector loop indexes its arrays from
 *       0;</li>
 *   <li>a block of a plane is reinterpreted as raw float bits by one bulk copy through a native-order buffer
 *       view (a memory copy, instead of a scalar {@code floatToRawIntBits} per value);</li>
 *   <li>the bits are clamped with shift-and-mask arithmetic to [2^-24, 1] (negative values and NaN to the
 *       bottom) and cut to a table cell: the float's exponent and its top {@value #CELL_BITS} mantissa
 *       bits;</li>
 *   <li>the table holds the sRGB encoding of each cell in 1/65536 of an 8-bit code, the dither (from
 *       {@link Dither}) is in the same units, so the per-pixel scalar work is one table read, an addition, a
 *       shift and the byte store into the interleaved raster.</li>
 * </ul>
 *
 * <p>Accuracy: a cell spans 1/4096 of an octave, so its centre is within 0.013 step of the exact encoding
 * of any value in it. The cells that contain the 256 exact 8-bit decodings hold those values' encodings
 * instead, so an 8-bit code that went in unchanged comes out unchanged at every dither level (the dither
 * stays 0.008 step inside each rounding boundary). Below 2^-24 (under 2e-4 of a step) values encode as 0.
 */
final class Srgb8Encoder {
    /** Pixels per block: the scratch arrays of a block stay in the first-level cache. */
    static final int BLOCK = 2048;
    /** Mantissa bits per octave that select a table cell. */
    static final int CELL_BITS = 12;
    private static final int CELL_SHIFT = 23 - CELL_BITS;
    private static final int LO_BITS = SrgbTransfer.TABLE_MIN_BITS;
    /** Raw bits of 1.0 minus {@link #LO_BITS}: the top of the clamped range. */
    private static final int SPAN = SrgbTransfer.ONE_BITS - LO_BITS;
    private static final int INF_BITS = 0x7f800000;
    /** Encoded value of each cell, in 1/65536 of an 8-bit step. */
    private static final int[] TABLE = buildTable();

    /** Little-endian long access to a byte array: the first byte of a pixel is the low byte of its word. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final FloatBuffer floats;
    private final int[] words = new int[BLOCK];
    private final IntBuffer ints;
    private final int[] noise = new int[BLOCK];
    private final int[][] cells = {new int[BLOCK], new int[BLOCK], new int[BLOCK]};
    private final int[][] dither = {new int[BLOCK], new int[BLOCK], new int[BLOCK]};

    Srgb8Encoder() {
        ByteBuffer buf = ByteBuffer.allocateDirect(4 * BLOCK).order(ByteOrder.nativeOrder());
        floats = buf.asFloatBuffer();
        ints = buf.asIntBuffer();
    }

    private static int[] buildTable() {
        int[] t = new int[(SPAN >>> CELL_SHIFT) + 1];
        for (int k = 0; k < t.length; k++) {
            float centre = Float.intBitsToFloat(LO_BITS + (k << CELL_SHIFT) + (1 << (CELL_SHIFT - 1)));
            t[k] = fixed(Math.min(1.0, centre));
        }
        for (int code = 0; code < 256; code++) {
            float x = SrgbTransfer.decode8(code);
            t[cell(Float.floatToRawIntBits(x))] = fixed(x);
        }
        return t;
    }

    private static int fixed(double linear) {
        return (int) Math.round(SrgbTransfer.encodeExact(linear) * 255 * 65536);
    }

    /** @return the table cell of a float's raw bits (the same arithmetic as the vector loop) */
    private static int cell(int bits) {
        bits &= ~(bits >> 31); // negative (and negative NaN) to 0
        bits &= ~((INF_BITS - bits) >> 31); // positive NaN to 0
        int d = bits - LO_BITS;
        d &= ~(d >> 31); // below 2^-24 to the first cell
        int e = d - SPAN;
        d = SPAN + (e & (e >> 31)); // 1.0 and above to the last cell
        return d >>> CELL_SHIFT;
    }

    /**
     * The code the writer gives one value at one dither level (for tests).
     *
     * @param linear linear light
     * @param level  dither level 0 to 255 (see {@link Dither#fromBits})
     * @return the 8-bit code
     */
    static int code(float linear, int level) {
        return (TABLE[cell(Float.floatToRawIntBits(linear))] + Dither.ROUND_FIXED + level * Dither.LEVEL_FIXED) >>> 16;
    }

    /**
     * Encodes one row of three planes into interleaved bytes.
     *
     * @param planes  red, green, blue planes of the image
     * @param src     index of the row's first pixel in the planes
     * @param width   pixels in the row
     * @param rowKey  {@link Dither#rowKey} of the row
     * @param data    the raster's bytes
     * @param p       index in {@code data} of the row's first pixel
     * @param stride  bytes per pixel in {@code data}
     * @param offsets byte offset of red, green and blue within a pixel
     */
    void encodeRow(float[][] planes, int src, int width, int rowKey, byte[] data, int p, int stride, int[] offsets) {
        int[] table = TABLE;
        int[] c0 = cells[0];
        int[] c1 = cells[1];
        int[] c2 = cells[2];
        int[] d0 = dither[0];
        int[] d1 = dither[1];
        int[] d2 = dither[2];
        for (int x0 = 0; x0 < width; x0 += BLOCK) {
            int n = Math.min(BLOCK, width - x0);
            Dither.fillBlock(rowKey, x0, n, noise);
            levels(noise, n, d0, d1, d2);
            for (int c = 0; c < 3; c++) {
                floats.put(0, planes[c], src + x0, n);
                ints.get(0, cells[c], 0, n);
                toCells(cells[c], n);
            }
            int q = p + x0 * stride;
            if (stride == 3) {
                packed3(n, q, data, offsets);
                continue;
            }
            int o0 = q + offsets[0];
            int o1 = q + offsets[1];
            int o2 = q + offsets[2];
            for (int i = 0, j = 0; i < n; i++, j += stride) {
                data[o0 + j] = (byte) ((table[c0[i]] + d0[i]) >>> 16);
                data[o1 + j] = (byte) ((table[c1[i]] + d1[i]) >>> 16);
                data[o2 + j] = (byte) ((table[c2[i]] + d2[i]) >>> 16);
            }
        }
    }

    /**
     * Three bytes per pixel: the table reads, then one vector loop that adds the dither and packs each
     * pixel's three codes into the low bytes of a word in memory order, then eight pixels at a time stored as
     * three little-endian longs (an eighth of the stores of writing single bytes).
     */
    private void packed3(int n, int q, byte[] data, int[] offsets) {
        int[] table = TABLE;
        int[] c0 = cells[0];
        int[] c1 = cells[1];
        int[] c2 = cells[2];
        for (int i = 0; i < n; i++) {
            c0[i] = table[c0[i]];
            c1[i] = table[c1[i]];
            c2[i] = table[c2[i]];
        }
        int[] d0 = dither[0];
        int[] d1 = dither[1];
        int[] d2 = dither[2];
        int[] wd = words;
        if (offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0) {
            // TYPE_3BYTE_BGR, the usual case: constant shifts keep this loop vectorized
            for (int i = 0; i < n; i++) {
                wd[i] = ((c0[i] + d0[i]) >>> 16) << 16 | ((c1[i] + d1[i]) >>> 16) << 8 | ((c2[i] + d2[i]) >>> 16);
            }
        } else {
            int s0 = offsets[0] << 3;
            int s1 = offsets[1] << 3;
            int s2 = offsets[2] << 3;
            for (int i = 0; i < n; i++) {
                wd[i] = ((c0[i] + d0[i]) >>> 16) << s0 | ((c1[i] + d1[i]) >>> 16) << s1 | ((c2[i] + d2[i]) >>> 16) << s2;
            }
        }
        int i = 0;
        for (; i + 8 <= n; i += 8, q += 24) {
            long w0 = wd[i];
            long w1 = wd[i + 1];
            long w2 = wd[i + 2];
            long w3 = wd[i + 3];
            long w4 = wd[i + 4];
            long w5 = wd[i + 5];
            long w6 = wd[i + 6];
            long w7 = wd[i + 7];
            LONG_LE.set(data, q, w0 | w1 << 24 | w2 << 48);
            LONG_LE.set(data, q + 8, w2 >>> 16 | w3 << 8 | w4 << 32 | w5 << 56);
            LONG_LE.set(data, q + 16, w5 >>> 8 | w6 << 16 | w7 << 40);
        }
        for (; i < n; i++, q += 3) {
            int a = wd[i];
            data[q] = (byte) a;
            data[q + 1] = (byte) (a >>> 8);
            data[q + 2] = (byte) (a >>> 16);
        }
    }

    /** Raw float bits to table cells, in place: {@link #cell} as a loop the JIT vectorizes. */
    private static void toCells(int[] a, int n) {
        for (int i = 0; i < n; i++) {
            int bits = a[i];
            bits &= ~(bits >> 31);
            bits &= ~((INF_BITS - bits) >> 31);
            int d = bits - LO_BITS;
            d &= ~(d >> 31);
            int e = d - SPAN;
            d = SPAN + (e & (e >> 31));
            a[i] = d >>> CELL_SHIFT;
        }
    }

    /** Dither bits to the fixed-point dither plus rounding half step of each channel. */
    private static void levels(int[] bits, int n, int[] d0, int[] d1, int[] d2) {
        for (int i = 0; i < n; i++) {
            int b = bits[i];
            d0[i] = (b & 0xff) * Dither.LEVEL_FIXED + Dither.ROUND_FIXED;
            d1[i] = ((b >>> 8) & 0xff) * Dither.LEVEL_FIXED + Dither.ROUND_FIXED;
            d2[i] = ((b >>> 16) & 0xff) * Dither.LEVEL_FIXED + Dither.ROUND_FIXED;
        }
    }
}
