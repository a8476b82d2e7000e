package dev.emulsion.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ICC profiles the JDK does not ship, built from their published definitions (primaries, white point and
 * transfer function), and the analysis of matrix/TRC profiles that lets {@link ImageConversion} convert
 * tagged images colorimetrically in float.
 *
 * <p>Every profile built here is a valid ICC v4.3 display ("mntr") profile: a header, {@code desc} and
 * {@code cprt} ({@code mluc}), {@code wtpt} (the PCS white, D50), {@code chad} (Bradford adaptation from the
 * space's own white to D50), the D50-adapted colorants {@code rXYZ/gXYZ/bXYZ} and parametric ({@code para})
 * tone curves; gray profiles carry {@code kTRC} instead of colorants. The JDK's colour engine reads them, so
 * they can be attached to a {@code ColorSpace} ({@code new ICC_ColorSpace(profile)}) or embedded in a file.
 *
 * <p>Sources: Display P3 is DCI-P3 primaries with the D65 white and the sRGB (IEC 61966-2-1) transfer curve;
 * Adobe RGB (1998) from Adobe's specification (gamma 563/256); ProPhoto RGB is ROMM RGB (ISO 22028-2,
 * D50 white, gamma 1.8 with a linear toe of slope 16 below 1/512); the chromatic adaptation is the Bradford
 * transform as in ICC.1:2010 Annex E.
 */
public final class IccProfiles {
    /** ICC PCS illuminant D50 as stored in profiles (s15Fixed16 of 0.9642, 1.0, 0.8249). */
    static final double[] D50 = {0.9642, 1.0, 0.8249};

    private static final double[] BRADFORD = {
        0.8951, 0.2664, -0.1614,
        -0.7502, 1.7135, 0.0367,
        0.0389, -0.0685, 1.0296};

    /** sRGB curve as an ICC parametric type-3 function: (g, a, b, c, d). */
    private static final double[] SRGB_CURVE = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};

    private static volatile ICC_Profile displayP3;
    private static volatile ICC_Profile adobeRgb;
    private static volatile ICC_Profile proPhoto;
    private static volatile ICC_Profile srgbGray;

    private IccProfiles() {
    }

    // ------------------------------------------------------------------------------------ profiles

    /**
     * @return Display P3: DCI-P3 primaries (0.680, 0.320), (0.265, 0.690), (0.150, 0.060), D65 white
     *         (0.3127, 0.3290), sRGB transfer curve
     */
    public static ICC_Profile displayP3() {
        ICC_Profile p = displayP3;
        if (p == null) {
            p = ICC_Profile.getInstance(rgbProfileBytes("Display P3 (Emulsion)",
                    new double[] {0.680, 0.320, 0.265, 0.690, 0.150, 0.060}, 0.3127, 0.3290, 3, SRGB_CURVE));
            displayP3 = p;
        }
        return p;
    }

    /**
     * @return Adobe RGB (1998): primaries (0.64, 0.33), (0.21, 0.71), (0.15, 0.06), D65 white, pure gamma
     *         563/256
     */
    public static ICC_Profile adobeRgb() {
        ICC_Profile p = adobeRgb;
        if (p == null) {
            p = ICC_Profile.getInstance(rgbProfileBytes("Adobe RGB (1998) compatible (Emulsion)",
                    new double[] {0.64, 0.33, 0.21, 0.71, 0.15, 0.06}, 0.3127, 0.3290, 0,
                    new double[] {563.0 / 256.0}));
            adobeRgb = p;
        }
        return p;
    }

    /**
     * @return ProPhoto RGB (ROMM RGB): primaries (0.7347, 0.2653), (0.1596, 0.8404), (0.0366, 0.0001), D50
     *         white (0.3457, 0.3585), gamma 1.8 with a linear segment of slope 16 below 1/512 (linear)
     */
    public static ICC_Profile proPhoto() {
        ICC_Profile p = proPhoto;
        if (p == null) {
            p = ICC_Profile.getInstance(rgbProfileBytes("ProPhoto RGB compatible (Emulsion)",
                    new double[] {0.7347, 0.2653, 0.1596, 0.8404, 0.0366, 0.0001}, 0.3457, 0.3585, 3,
                    new double[] {1.8, 1, 0, 1.0 / 16, 1.0 / 32}));
            proPhoto = p;
        }
        return p;
    }

    /** @return the JDK's sRGB profile (IEC 61966-2-1), the one Emulsion's RGB output is encoded in */
    public static ICC_Profile srgb() {
        return ICC_Profile.getInstance(ColorSpace.CS_sRGB);
    }

    /**
     * @return a gray profile whose tone curve is the sRGB curve: the right tag for the gray images Emulsion
     *         writes, whose codes are sRGB-encoded luminance
     */
    public static ICC_Profile srgbGray() {
        ICC_Profile p = srgbGray;
        if (p == null) {
            p = ICC_Profile.getInstance(grayProfileBytes("Gray, sRGB curve (Emulsion)", 3, SRGB_CURVE));
            srgbGray = p;
        }
        return p;
    }

    /**
     * @param gamma the exponent of the pure power-law tone curve (linear = code^gamma), 0.1 to 10
     * @return a new gray display profile with D50 white
     */
    public static ICC_Profile grayGamma(double gamma) {
        if (!(gamma >= 0.1 && gamma <= 10)) {
            throw new IllegalArgumentException("gamma = " + gamma + " is out of range: allowed is 0.1 to 10");
        }
        return ICC_Profile.getInstance(grayProfileBytes("Gray, gamma " + gamma + " (Emulsion)", 0,
                new double[] {gamma}));
    }

    /**
     * Builds an ICC v4 RGB matrix/TRC display profile.
     *
     * @param description the profile's description
     * @param xy          chromaticities {@code xr, yr, xg, yg, xb, yb}
     * @param wx          white point x
     * @param wy          white point y
     * @param curveType   ICC parametric curve type (0 to 4) shared by the three channels
     * @param curveParams its parameters, in the order of ICC.1 table 68
     * @return the profile's bytes
     */
    public static byte[] rgbProfileBytes(String description, double[] xy, double wx, double wy, int curveType,
                                         double[] curveParams) {
        if (xy.length != 6) {
            throw new IllegalArgumentException("xy must hold 6 chromaticities, has " + xy.length);
        }
        double[] white = {wx / wy, 1.0, (1 - wx - wy) / wy};
        double[] rgbToXyz = rgbToXyz(xy, white);
        double[] adapt = bradford(white, D50);
        double[] colorants = mul(adapt, rgbToXyz);
        ProfileWriter w = new ProfileWriter("RGB ");
        w.tag("desc", mluc(description));
        w.tag("cprt", mluc("No copyright, use freely"));
        w.tag("wtpt", xyz(D50[0], D50[1], D50[2]));
        w.tag("chad", sf32(adapt));
        w.tag("rXYZ", xyz(colorants[0], colorants[3], colorants[6]));
        w.tag("gXYZ", xyz(colorants[1], colorants[4], colorants[7]));
        w.tag("bXYZ", xyz(colorants[2], colorants[5], colorants[8]));
        byte[] trc = para(curveType, curveParams);
        w.tag("rTRC", trc);
        w.tag("gTRC", trc);
        w.tag("bTRC", trc);
        return w.toBytes();
    }

    /**
     * Builds an ICC v4 gray display profile with D50 white.
     *
     * @param description the profile's description
     * @param curveType   ICC parametric curve type (0 to 4)
     * @param curveParams its parameters
     * @return the profile's bytes
     */
    public static byte[] grayProfileBytes(String description, int curveType, double[] curveParams) {
        ProfileWriter w = new ProfileWriter("GRAY");
        w.tag("desc", mluc(description));
        w.tag("cprt", mluc("No copyright, use freely"));
        w.tag("wtpt", xyz(D50[0], D50[1], D50[2]));
        w.tag("kTRC", para(curveType, curveParams));
        return w.toBytes();
    }

    // ------------------------------------------------------------------------------- recognition

    /** @return whether the profile is sRGB: same colorants as the JDK's sRGB (±0.002) and the sRGB curve */
    public static boolean isSrgb(ICC_Profile p) {
        MatrixTrc m = MatrixTrc.of(p);
        return m != null && m.isSrgb();
    }

    /** @return whether a gray profile is the JDK's standard gray (which Emulsion reads as sRGB-encoded gray) */
    static boolean isStandardGray(ICC_Profile p) {
        return Arrays.equals(p.getData(), ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData());
    }

    /** @return the profile's description ({@code desc} as textDescription or mluc), or null */
    public static String description(ICC_Profile p) {
        byte[] tag = p.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return null;
        }
        String type = new String(tag, 0, 4, StandardCharsets.US_ASCII);
        if (type.equals("desc")) {
            int len = Math.max(0, Math.min(u32(tag, 8), tag.length - 12));
            return new String(tag, 12, len, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
        }
        if (type.equals("mluc") && tag.length >= 28) {
            int len = u32(tag, 20);
            int off = u32(tag, 24);
            if (off >= 0 && len >= 0 && off + len <= tag.length) {
                return new String(tag, off, len, StandardCharsets.UTF_16BE).replace("\0", "").trim();
            }
        }
        return null;
    }

    /** @return the profile of an ICC colour space, or null */
    static ICC_Profile profileOf(ColorSpace cs) {
        return cs instanceof ICC_ColorSpace ? ((ICC_ColorSpace) cs).getProfile() : null;
    }

    // --------------------------------------------------------------------------- matrix / TRC

    /**
     * The colorimetric content of a matrix/TRC profile: one tone curve per channel and, for RGB, the matrix
     * from the profile's linear RGB to linear sRGB (through the D50 PCS, the JDK's sRGB colorants). Gray
     * profiles map to neutral linear sRGB (R = G = B = Y). Null from {@link #of} for profiles that need a
     * colour engine (LUT-based, CMYK, Lab ...).
     */
    static final class MatrixTrc {
        final ToneCurve[] curves;
        /** Row-major 3x3 matrix to linear sRGB, or null for gray. */
        final double[] toLinearSrgb;

        private MatrixTrc(ToneCurve[] curves, double[] toLinearSrgb) {
            this.curves = curves;
            this.toLinearSrgb = toLinearSrgb;
        }

        static MatrixTrc of(ICC_Profile p) {
            try {
                if (p.getPCSType() != ColorSpace.TYPE_XYZ || p.getData(ICC_Profile.icSigAToB0Tag) != null) {
                    return null;
                }
                int type = p.getColorSpaceType();
                if (type == ColorSpace.TYPE_GRAY) {
                    ToneCurve k = ToneCurve.parse(p.getData(ICC_Profile.icSigGrayTRCTag));
                    return k == null ? null : new MatrixTrc(new ToneCurve[] {k}, null);
                }
                if (type != ColorSpace.TYPE_RGB) {
                    return null;
                }
                ToneCurve r = ToneCurve.parse(p.getData(ICC_Profile.icSigRedTRCTag));
                ToneCurve g = ToneCurve.parse(p.getData(ICC_Profile.icSigGreenTRCTag));
                ToneCurve b = ToneCurve.parse(p.getData(ICC_Profile.icSigBlueTRCTag));
                double[] colorants = colorants(p);
                if (r == null || g == null || b == null || colorants == null) {
                    return null;
                }
                double[] m = mul(invert(SrgbColorants.D50), colorants);
                return new MatrixTrc(new ToneCurve[] {r, g, b}, m);
            } catch (RuntimeException e) {
                return null; // a malformed tag: let the colour engine decide
            }
        }

        boolean isGray() {
            return toLinearSrgb == null;
        }

        /** @return whether the matrix is the identity (±0.002) and every curve is the sRGB curve */
        boolean isSrgb() {
            if (toLinearSrgb == null) {
                return false;
            }
            for (int i = 0; i < 9; i++) {
                if (Math.abs(toLinearSrgb[i] - (i % 4 == 0 ? 1 : 0)) > 0.002) {
                    return false;
                }
            }
            for (ToneCurve c : curves) {
                if (!c.isSrgb()) {
                    return false;
                }
            }
            return true;
        }

        /** @return whether the matrix is the identity (±1e-4), so the channels need no mixing */
        boolean matrixIsIdentity() {
            for (int i = 0; i < 9; i++) {
                if (Math.abs(toLinearSrgb[i] - (i % 4 == 0 ? 1 : 0)) > 1e-4) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The JDK's sRGB colorants (D50-adapted), the PCS-to-sRGB reference the JDK's own engine uses. */
    private static final class SrgbColorants {
        static final double[] D50 = colorants(ICC_Profile.getInstance(ColorSpace.CS_sRGB));
    }

    /** @return the profile's colorant matrix (columns rXYZ, gXYZ, bXYZ), row-major, or null */
    static double[] colorants(ICC_Profile p) {
        double[] r = readXyz(p.getData(ICC_Profile.icSigRedColorantTag));
        double[] g = readXyz(p.getData(ICC_Profile.icSigGreenColorantTag));
        double[] b = readXyz(p.getData(ICC_Profile.icSigBlueColorantTag));
        if (r == null || g == null || b == null) {
            return null;
        }
        return new double[] {r[0], g[0], b[0], r[1], g[1], b[1], r[2], g[2], b[2]};
    }

    private static double[] readXyz(byte[] tag) {
        if (tag == null || tag.length < 20 || !"XYZ ".equals(new String(tag, 0, 4, StandardCharsets.US_ASCII))) {
            return null;
        }
        return new double[] {s15f16(tag, 8), s15f16(tag, 12), s15f16(tag, 16)};
    }

    /**
     * A tone curve from a {@code curv} or {@code para} tag: maps a normalised code in [0, 1] to linear light
     * in [0, 1]. Evaluated with {@code Math.pow} only while tables are built, never per pixel.
     */
    static final class ToneCurve {
        static final ToneCurve SRGB = new ToneCurve(3, SRGB_CURVE, null);
        static final ToneCurve LINEAR = new ToneCurve(0, new double[] {1.0}, null);

        private final int type;
        private final double[] params;
        private final float[] table;

        private ToneCurve(int type, double[] params, float[] table) {
            this.type = type;
            this.params = params;
            this.table = table;
        }

        static ToneCurve parse(byte[] tag) {
            if (tag == null || tag.length < 12) {
                return null;
            }
            String sig = new String(tag, 0, 4, StandardCharsets.US_ASCII);
            if (sig.equals("curv")) {
                int n = u32(tag, 8);
                if (n < 0 || tag.length < 12 + 2L * n) {
                    return null;
                }
                if (n == 0) {
                    return LINEAR;
                }
                if (n == 1) {
                    return new ToneCurve(0, new double[] {u16(tag, 12) / 256.0}, null);
                }
                float[] t = new float[n];
                for (int i = 0; i < n; i++) {
                    t[i] = u16(tag, 12 + 2 * i) / 65535f;
                }
                return new ToneCurve(-1, null, t);
            }
            if (sig.equals("para")) {
                int fn = u16(tag, 8);
                int[] counts = {1, 3, 4, 5, 7};
                if (fn > 4 || tag.length < 12 + 4 * counts[fn]) {
                    return null;
                }
                double[] p = new double[counts[fn]];
                for (int i = 0; i < p.length; i++) {
                    p[i] = s15f16(tag, 12 + 4 * i);
                }
                return new ToneCurve(fn, p, null);
            }
            return null;
        }

        /** @return linear light for a normalised code (slow: for tables) */
        double decode(double x) {
            x = Math.max(0, Math.min(1, x));
            if (table != null) {
                double f = x * (table.length - 1);
                int i = Math.min(table.length - 2, (int) f);
                return table[i] + (table[i + 1] - table[i]) * (f - i);
            }
            double[] p = params;
            double y;
            switch (type) {
                case 0:
                    y = Math.pow(x, p[0]);
                    break;
                case 1:
                    y = x >= -p[2] / p[1] ? Math.pow(p[1] * x + p[2], p[0]) : 0;
                    break;
                case 2:
                    y = x >= -p[2] / p[1] ? Math.pow(p[1] * x + p[2], p[0]) + p[3] : p[3];
                    break;
                case 3:
                    y = x >= p[4] ? Math.pow(p[1] * x + p[2], p[0]) : p[3] * x;
                    break;
                default:
                    y = x >= p[4] ? Math.pow(p[1] * x + p[2], p[0]) + p[5] : p[3] * x + p[6];
                    break;
            }
            return Math.max(0, Math.min(1, y));
        }

        /** @return whether this curve is the sRGB curve within 1/8 of an 8-bit step of linear light */
        boolean isSrgb() {
            if (this == SRGB) {
                return true;
            }
            for (int i = 0; i <= 1024; i++) {
                double v = i / 1024.0;
                if (Math.abs(decode(v) - SrgbTransfer.decodeExact(v)) > 0.0005) {
                    return false;
                }
            }
            return true;
        }

        boolean isLinear() {
            return this == LINEAR || (table == null && type == 0 && params[0] == 1.0);
        }

        /**
         * @param bits bits per code (1 to 16)
         * @return linear light for every code {@code 0 .. 2^bits - 1}
         */
        float[] table(int bits) {
            if (this == SRGB && bits == 8) {
                return SrgbTransfer.decode8Table();
            }
            if (this == SRGB && bits == 16) {
                return SrgbTransfer.decode16Table();
            }
            int max = (1 << bits) - 1;
            float[] t = new float[max + 1];
            for (int i = 0; i <= max; i++) {
                t[i] = (float) (this == SRGB ? SrgbTransfer.decodeExact(i / (double) max) : decode(i / (double) max));
            }
            return t;
        }
    }

    // ------------------------------------------------------------------------------------ maths

    /** @return the RGB to XYZ matrix (row-major) of these chromaticities with the given white (Y = 1) */
    static double[] rgbToXyz(double[] xy, double[] white) {
        double[] p = new double[9];
        for (int c = 0; c < 3; c++) {
            double x = xy[2 * c];
            double y = xy[2 * c + 1];
            p[c] = x / y;
            p[3 + c] = 1;
            p[6 + c] = (1 - x - y) / y;
        }
        double[] s = apply(invert(p), white);
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[3 * r + c] = p[3 * r + c] * s[c];
            }
        }
        return m;
    }

    /** @return the Bradford adaptation matrix from white {@code from} to white {@code to} (XYZ, Y = 1) */
    static double[] bradford(double[] from, double[] to) {
        double[] a = apply(BRADFORD, from);
        double[] b = apply(BRADFORD, to);
        double[] d = {b[0] / a[0], 0, 0, 0, b[1] / a[1], 0, 0, 0, b[2] / a[2]};
        return mul(invert(BRADFORD), mul(d, BRADFORD));
    }

    static double[] mul(double[] a, double[] b) {
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[3 * r + c] = a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
            }
        }
        return m;
    }

    static double[] apply(double[] m, double[] v) {
        return new double[] {
            m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
            m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("singular colour matrix");
        }
        return new double[] {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }

    // --------------------------------------------------------------------------- byte encoding

    private static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static double s15f16(byte[] b, int off) {
        return u32(b, off) / 65536.0;
    }

    private static int fixed(double v) {
        return (int) Math.round(v * 65536.0);
    }

    private static byte[] xyz(double x, double y, double z) {
        return ByteBuffer.allocate(20).put(ascii("XYZ ")).putInt(0)
                .putInt(fixed(x)).putInt(fixed(y)).putInt(fixed(z)).array();
    }

    private static byte[] sf32(double[] m) {
        ByteBuffer b = ByteBuffer.allocate(8 + 36).put(ascii("sf32")).putInt(0);
        for (double v : m) {
            b.putInt(fixed(v));
        }
        return b.array();
    }

    private static byte[] para(int type, double[] params) {
        int[] counts = {1, 3, 4, 5, 7};
        if (type < 0 || type > 4 || params.length != counts[type]) {
            throw new IllegalArgumentException("parametric curve type " + type + " needs "
                    + (type < 0 || type > 4 ? "a type 0 to 4" : counts[type] + " parameters"));
        }
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * params.length).put(ascii("para")).putInt(0)
                .putShort((short) type).putShort((short) 0);
        for (double v : params) {
            b.putInt(fixed(v));
        }
        return b.array();
    }

    private static byte[] mluc(String text) {
        byte[] s = text.getBytes(StandardCharsets.UTF_16BE);
        return ByteBuffer.allocate(28 + s.length).put(ascii("mluc")).putInt(0).putInt(1).putInt(12)
                .put(ascii("enUS")).putInt(s.length).putInt(28).put(s).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Lays out header, tag table and 4-byte-aligned tag data; identical tag data is stored once. */
    private static final class ProfileWriter {
        private final String colorSpace;
        private final java.util.List<String> sigs = new java.util.ArrayList<>();
        private final java.util.List<byte[]> data = new java.util.ArrayList<>();

        ProfileWriter(String colorSpace) {
            this.colorSpace = colorSpace;
        }

        void tag(String sig, byte[] bytes) {
            sigs.add(sig);
            data.add(bytes);
        }

        byte[] toBytes() {
            int n = sigs.size();
            int[] offsets = new int[n];
            int pos = 128 + 4 + 12 * n;
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                int shared = -1;
                for (int j = 0; j < i; j++) {
                    if (data.get(j) == data.get(i)) {
                        shared = j;
                    }
                }
                if (shared >= 0) {
                    offsets[i] = offsets[shared];
                    continue;
                }
                offsets[i] = pos;
                byte[] d = data.get(i);
                body.write(d, 0, d.length);
                pos += d.length;
                while (pos % 4 != 0) {
                    body.write(0);
                    pos++;
                }
            }
            ByteBuffer b = ByteBuffer.allocate(pos);
            b.putInt(pos);                      // profile size
            b.putInt(0);                        // preferred CMM: none
            b.putInt(0x04300000);               // version 4.3
            b.put(ascii("mntr"));
            b.put(ascii(colorSpace));
            b.put(ascii("XYZ "));
            b.putShort((short) 2026).putShort((short) 1).putShort((short) 1); // creation date (fixed: reproducible)
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
            b.put(ascii("acsp"));
            b.putInt(0).putInt(0).putInt(0).putInt(0); // platform, flags, manufacturer, model
            b.putLong(0);                       // attributes
            b.putInt(0);                        // rendering intent: perceptual
            b.putInt(fixed(D50[0])).putInt(fixed(D50[1])).putInt(fixed(D50[2]));
            b.putInt(0);                        // creator
            b.position(128);
            b.putInt(n);
            for (int i = 0; i < n; i++) {
                b.put(ascii(sigs.get(i))).putInt(offsets[i]).putInt(data.get(i).length);
            }
            b.put(body.toByteArray());
            return b.array();
        }
    }
}
