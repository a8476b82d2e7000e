package dev.emulsion.image;

/**
 * The sRGB transfer function (IEC 61966-2-1) through lookup tables: decoding 8- and 16-bit codes to linear
 * light is one table read; encoding linear light is a table read and one interpolation indexed by the float's
 * exponent and top mantissa bits (relative error below 1e-6). No {@code Math.pow} per pixel.
 */
public final class SrgbTransfer {
    private static final float[] DECODE_8 = new float[256];
    private static final float[] DECODE_16 = new float[65536];

    /** Mantissa bits per octave used to index the encode table. */
    private static final int MANTISSA_BITS = 8;
    /** Right shift from a float's raw bits (minus {@link #TABLE_MIN_BITS}) to its encode-table index. */
    static final int SHIFT = 23 - MANTISSA_BITS;
    /**
     * Below this linear value the table is not used by {@link #encode} (the curve is the linear segment
     * there); table loops clamp to it instead, which moves a value by less than 2e-4 of an 8-bit step.
     */
    static final float TABLE_MIN = 0x1p-24f;
    /** Raw bits of {@link #TABLE_MIN}. */
    static final int TABLE_MIN_BITS = Float.floatToRawIntBits(TABLE_MIN);
    /** Raw bits of 1.0f, the top of the table. */
    static final int ONE_BITS = Float.floatToRawIntBits(1.0f);
    private static final float[] ENCODE;

    static {
        for (int i = 0; i < 256; i++) {
            DECODE_8[i] = (float) decodeExact(i / 255.0);
        }
        for (int i = 0; i < 65536; i++) {
            DECODE_16[i] = (float) decodeExact(i / 65535.0);
        }
        ENCODE = scaledEncodeTable(1.0);
    }

    /**
     * The encode table times {@code scale}: entry {@code i} is {@code scale · encode(x)} for the float
     * {@code x} whose raw bits are {@code TABLE_MIN_BITS + (i << SHIFT)} (1.0 and above give
     * {@code scale}). Linear interpolation between neighbouring entries by the low {@link #SHIFT} bits is
     * exact to about 1e-6 relative. A loop indexes it with clamped raw bits and no branch.
     *
     * @param scale e.g. 255 to get 8-bit code units
     * @return a new table of {@code ((ONE_BITS - TABLE_MIN_BITS) >> SHIFT) + 2} entries
     */
    static float[] scaledEncodeTable(double scale) {
        int entries = ((ONE_BITS - TABLE_MIN_BITS) >>> SHIFT) + 2;
        float[] t = new float[entries];
        for (int i = 0; i < entries; i++) {
            float x = Float.intBitsToFloat(TABLE_MIN_BITS + (i << SHIFT));
            t[i] = (float) (encodeExact(Math.min(1.0, x)) * scale);
        }
        return t;
    }

    private SrgbTransfer() {
    }

    /** @return linear light for an sRGB-encoded value in [0, 1], computed exactly (slow; for tables and tests) */
    public static double decodeExact(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** @return the sRGB encoding of linear light in [0, 1], computed exactly (slow; for tables and tests) */
    public static double encodeExact(double x) {
        return x <= 0.0031308 ? x * 12.92 : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
    }

    /** @return linear light of an 8-bit sRGB code (0–255) */
    public static float decode8(int code) {
        return DECODE_8[code];
    }

    /** @return linear light of a 16-bit sRGB code (0–65535) */
    public static float decode16(int code) {
        return DECODE_16[code];
    }

    /** @return the 256-entry 8-bit decode table (shared: do not modify) */
    static float[] decode8Table() {
        return DECODE_8;
    }

    /** @return the 65536-entry 16-bit decode table (shared: do not modify) */
    static float[] decode16Table() {
        return DECODE_16;
    }

    /**
     * Encodes linear light to sRGB, clamping to [0, 1] first (NaN gives 0).
     *
     * @param x linear light
     * @return the sRGB-encoded value in [0, 1]
     */
    public static float encode(float x) {
        if (!(x > TABLE_MIN)) {
            return x > 0f ? x * 12.92f : 0f;
        }
        if (x >= 1f) {
            return 1f;
        }
        int bits = Float.floatToRawIntBits(x) - TABLE_MIN_BITS;
        int idx = bits >>> SHIFT;
        float frac = (bits & ((1 << SHIFT) - 1)) * (1f / (1 << SHIFT));
        float a = ENCODE[idx];
        return a + (ENCODE[idx + 1] - a) * frac;
    }
}
