package dev.emulsion.image;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * Converts between {@link BufferedImage} and linear-light {@link FloatImage}, reading and writing the
 * rasters' data buffers directly (never {@code getRGB}/{@code setRGB} per pixel). Rows are converted in
 * parallel on a {@link StripScheduler}; the result never depends on the thread count. Inputs are never
 * modified. See {@code docs/image.md} for the rules in full.
 *
 * <p><b>Input.</b> Every standard {@code BufferedImage} type (packed int, packed 565/555, interleaved byte,
 * gray byte/ushort, indexed, binary) and custom component layouts of 1 to 16 bits per sample (16-bit RGB(A),
 * gray+alpha as the PNG reader produces), sub-images included. Colour:
 * <ul>
 *   <li>sRGB, and ICC profiles equivalent to sRGB, are decoded with the sRGB curve (exact tables);</li>
 *   <li>gray in the JDK's default gray space is taken as sRGB-encoded gray, as viewers show untagged gray;</li>
 *   <li>other matrix/TRC ICC profiles (Display P3, Adobe RGB, ProPhoto, gray with a gamma, linear RGB) are
 *       converted colorimetrically in float: each channel through the profile's tone curve, then one 3x3
 *       matrix to linear sRGB through the D50 connection space. Colours outside sRGB's gamut are kept, so
 *       linear sRGB values may be negative or above 1 (scene-referred; output clips them);</li>
 *   <li>any other colour space (CMYK, LUT-based profiles, Lab, PYCC) goes through the JDK colour engine
 *       (relative colorimetric) into 16-bit linear sRGB, clipped to the sRGB gamut.</li>
 * </ul>
 * Premultiplied inputs are un-premultiplied in the encoded domain (the way Java2D stores them); the float
 * image's alpha is straight.
 *
 * <p><b>Output.</b> sRGB-encoded 8- or 16-bit images, quantized with {@link Dither} so smooth gradients do
 * not band; an 8-bit code that went in unchanged comes out unchanged. {@link #outputProfile} names the ICC
 * profile to embed when writing a file.
 */
public final class ImageConversion {
    /** Rec. 709 / sRGB luminance weights, for gray output. */
    private static final float LUM_R = 0.2126f;
    private static final float LUM_G = 0.7152f;
    private static final float LUM_B = 0.0722f;

    private ImageConversion() {
    }

    // ============================================================================================ input

    /**
     * Converts any {@code BufferedImage} to a linear-light float image in linear sRGB, on all cores.
     *
     * @param src the image; never modified
     * @return a new float image (with alpha iff the source's colour model has alpha)
     */
    public static FloatImage toFloatImage(BufferedImage src) {
        return toFloatImage(src, StripScheduler.allCores());
    }

    /**
     * Converts any {@code BufferedImage} to a linear-light float image in linear sRGB.
     *
     * @param src       the image; never modified
     * @param scheduler runs row ranges in parallel (the result does not depend on it)
     * @return a new float image (with alpha iff the source's colour model has alpha)
     */
    public static FloatImage toFloatImage(BufferedImage src, StripScheduler scheduler) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(scheduler, "scheduler");
        ColorModel cm = src.getColorModel();
        if (cm instanceof IndexColorModel) {
            return readIndexed(src, (IndexColorModel) cm, scheduler);
        }
        Decoding dec = Decoding.of(cm.getColorSpace());
        if (dec == null || cm.getNumColorComponents() != dec.colorBands()) {
            return fromColorEngine(src, scheduler);
        }
        Raster raster = src.getRaster();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        FloatImage out = null;
        if (cm instanceof DirectColorModel && sm instanceof SinglePixelPackedSampleModel && db.getNumBanks() == 1) {
            out = readPacked(src, (DirectColorModel) cm, (SinglePixelPackedSampleModel) sm, dec, scheduler);
        } else if (cm instanceof ComponentColorModel && sm instanceof ComponentSampleModel
                && (db instanceof DataBufferByte || db instanceof DataBufferUShort)) {
            out = readComponents(src, (ComponentColorModel) cm, (ComponentSampleModel) sm, dec, scheduler);
        }
        return out != null ? out : readGeneric(src, cm, dec, scheduler);
    }

    /** How codes of one colour space become linear sRGB: per-channel curves and an optional matrix. */
    static final class Decoding {
        static final Decoding SRGB = new Decoding(new IccProfiles.ToneCurve[] {
            IccProfiles.ToneCurve.SRGB, IccProfiles.ToneCurve.SRGB, IccProfiles.ToneCurve.SRGB}, null);
        static final Decoding SRGB_GRAY = new Decoding(new IccProfiles.ToneCurve[] {IccProfiles.ToneCurve.SRGB}, null);
        static final Decoding LINEAR = new Decoding(new IccProfiles.ToneCurve[] {
            IccProfiles.ToneCurve.LINEAR, IccProfiles.ToneCurve.LINEAR, IccProfiles.ToneCurve.LINEAR}, null);

        final IccProfiles.ToneCurve[] curves;
        /** Row-major profile-linear to linear-sRGB matrix, or null when it is the identity. */
        final float[] matrix;

        private Decoding(IccProfiles.ToneCurve[] curves, float[] matrix) {
            this.curves = curves;
            this.matrix = matrix;
        }

        /** @return the decoding for this colour space, or null if it needs the colour engine */
        static Decoding of(ColorSpace cs) {
            if (cs.isCS_sRGB()) {
                return SRGB;
            }
            if (cs == ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB)) {
                return LINEAR;
            }
            ICC_Profile p = IccProfiles.profileOf(cs);
            if (cs.getType() == ColorSpace.TYPE_GRAY && cs.getNumComponents() == 1
                    && (p == null || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY) || IccProfiles.isStandardGray(p))) {
                return SRGB_GRAY; // untagged gray: sRGB-encoded, as every viewer shows it
            }
            if (p == null) {
                return null;
            }
            IccProfiles.MatrixTrc m = IccProfiles.MatrixTrc.of(p);
            if (m == null) {
                return null;
            }
            // A curve equal to sRGB's (within 0.0005) decodes with the exact sRGB tables: P3 and sRGB-curve
            // gray then share sRGB's exact 8-bit behaviour.
            IccProfiles.ToneCurve[] curves = m.curves.clone();
            for (int i = 0; i < curves.length; i++) {
                if (curves[i].isSrgb()) {
                    curves[i] = IccProfiles.ToneCurve.SRGB;
                }
            }
            if (m.isGray()) {
                return curves[0] == IccProfiles.ToneCurve.SRGB ? SRGB_GRAY : new Decoding(curves, null);
            }
            if (m.isSrgb()) {
                return SRGB;
            }
            float[] f = null;
            if (!m.matrixIsIdentity()) {
                f = new float[9];
                for (int i = 0; i < 9; i++) {
                    f[i] = (float) m.toLinearSrgb[i];
                }
            }
            return new Decoding(curves, f);
        }

        int colorBands() {
            return curves.length;
        }

        boolean gray() {
            return curves.length == 1;
        }

        /** @return the decode table of colour band {@code band} for codes of {@code bits} bits, sized for
         *  every value a {@code dataBits}-bit element can hold (codes above the maximum read as white) */
        float[] table(int band, int bits, int dataBits) {
            float[] t = curves[band].table(bits);
            if (dataBits <= bits) {
                return t;
            }
            float[] big = java.util.Arrays.copyOf(t, 1 << dataBits);
            java.util.Arrays.fill(big, t.length, big.length, t[t.length - 1]);
            return big;
        }

        /** Replicates gray and applies the matrix to pixels {@code [from, to)}. */
        void finish(FloatImage out, int from, int to) {
            float[] r = out.red();
            float[] g = out.green();
            float[] b = out.blue();
            if (gray()) {
                System.arraycopy(r, from, g, from, to - from);
                System.arraycopy(r, from, b, from, to - from);
                return;
            }
            float[] m = matrix;
            if (m == null) {
                return;
            }
            for (int i = from; i < to; i++) {
                float x = r[i];
                float y = g[i];
                float z = b[i];
                r[i] = m[0] * x + m[1] * y + m[2] * z;
                g[i] = m[3] * x + m[4] * y + m[5] * z;
                b[i] = m[6] * x + m[7] * y + m[8] * z;
            }
        }
    }

    /** @return an image whose planes the caller fills completely (alpha is not pre-filled with 1) */
    private static FloatImage blank(int w, int h, boolean alpha) {
        int n = Math.multiplyExact(w, h);
        return new FloatImage(w, h, new float[n], new float[n], new float[n], alpha ? new float[n] : null,
                WorkingSpace.LINEAR_SRGB);
    }

    private static int minRows(int w) {
        return Math.max(1, 16384 / Math.max(1, w));
    }

    /** Packed pixels (INT_RGB/ARGB/ARGB_PRE/BGR, USHORT_565/555, byte-packed): masks of up to 16 bits. */
    private static FloatImage readPacked(BufferedImage src, DirectColorModel cm, SinglePixelPackedSampleModel sm,
                                         Decoding dec, StripScheduler scheduler) {
        Raster raster = src.getRaster();
        DataBuffer db = raster.getDataBuffer();
        int[] masks = sm.getBitMasks();
        int[] shifts = sm.getBitOffsets();
        int bands = masks.length;
        boolean hasAlpha = cm.hasAlpha();
        if (bands != (hasAlpha ? 4 : 3)) {
            return null;
        }
        int[] bits = new int[bands];
        for (int b = 0; b < bands; b++) {
            bits[b] = Integer.bitCount(masks[b]);
            if (bits[b] < 1 || bits[b] > 16) {
                return null;
            }
        }
        int[] ints = db instanceof DataBufferInt ? ((DataBufferInt) db).getData() : null;
        short[] shorts = db instanceof DataBufferUShort ? ((DataBufferUShort) db).getData() : null;
        byte[] bytes = db instanceof DataBufferByte ? ((DataBufferByte) db).getData() : null;
        if (ints == null && shorts == null && bytes == null) {
            return null;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int stride = sm.getScanlineStride();
        int origin = db.getOffset() - raster.getSampleModelTranslateY() * stride - raster.getSampleModelTranslateX();
        boolean pre = hasAlpha && cm.isAlphaPremultiplied();
        float[][] luts = new float[3][];
        for (int c = 0; c < 3; c++) {
            luts[c] = dec.table(c, bits[c], bits[c]);
        }
        FloatImage out = blank(w, h, hasAlpha);
        float[][] planes = {out.red(), out.green(), out.blue()};
        float[] alpha = out.alpha();
        boolean fast8 = ints != null && !pre && bits[0] == 8 && bits[1] == 8 && bits[2] == 8
                && (!hasAlpha || bits[3] == 8);
        scheduler.forRanges(h, minRows(w), (y0, y1) -> {
            int[] px = new int[w];
            int[] aCodes = pre ? new int[w] : null;
            for (int y = y0; y < y1; y++) {
                int row = origin + y * stride;
                int dst = y * w;
                if (fast8) {
                    float[] lr = luts[0];
                    float[] lg = luts[1];
                    float[] lb = luts[2];
                    float[] r = planes[0];
                    float[] g = planes[1];
                    float[] b = planes[2];
                    int rs = shifts[0];
                    int gs = shifts[1];
                    int bs = shifts[2];
                    for (int x = 0; x < w; x++) {
                        int p = ints[row + x];
                        r[dst + x] = lr[(p >>> rs) & 0xff];
                        g[dst + x] = lg[(p >>> gs) & 0xff];
                        b[dst + x] = lb[(p >>> bs) & 0xff];
                    }
                    if (hasAlpha) {
                        int as = shifts[3];
                        for (int x = 0; x < w; x++) {
                            alpha[dst + x] = ((ints[row + x] >>> as) & 0xff) * (1f / 255f);
                        }
                    }
                    continue;
                }
                for (int x = 0; x < w; x++) {
                    px[x] = ints != null ? ints[row + x] : shorts != null ? shorts[row + x] & 0xffff
                            : bytes[row + x] & 0xff;
                }
                int maxA = 1;
                if (hasAlpha) {
                    maxA = (1 << bits[3]) - 1;
                    float scale = 1f / maxA;
                    for (int x = 0; x < w; x++) {
                        int a = (px[x] & masks[3]) >>> shifts[3];
                        alpha[dst + x] = a * scale;
                        if (pre) {
                            aCodes[x] = a;
                        }
                    }
                }
                for (int c = 0; c < 3; c++) {
                    float[] lut = luts[c];
                    float[] plane = planes[c];
                    int mask = masks[c];
                    int shift = shifts[c];
                    int max = (1 << bits[c]) - 1;
                    for (int x = 0; x < w; x++) {
                        int v = (px[x] & mask) >>> shift;
                        plane[dst + x] = lut[pre ? unpremultiply(v, max, aCodes[x], maxA) : v];
                    }
                }
            }
            dec.finish(out, y0 * w, y1 * w);
        });
        return out;
    }

    /** @return the straight code of a premultiplied code (Java2D premultiplies encoded values) */
    private static int unpremultiply(int code, int max, int alpha, int maxAlpha) {
        if (alpha == 0) {
            return 0;
        }
        long v = ((long) code * maxAlpha + alpha / 2) / alpha;
        return v > max ? max : (int) v;
    }

    /** Interleaved or banded byte/ushort components: 3BYTE_BGR, 4BYTE_ABGR(_PRE), gray, custom 16-bit ... */
    private static FloatImage readComponents(BufferedImage src, ComponentColorModel cm, ComponentSampleModel sm,
                                             Decoding dec, StripScheduler scheduler) {
        Raster raster = src.getRaster();
        DataBuffer db = raster.getDataBuffer();
        int colorBands = dec.colorBands();
        boolean hasAlpha = cm.hasAlpha();
        int bands = sm.getNumBands();
        if (bands != colorBands + (hasAlpha ? 1 : 0)) {
            return null;
        }
        boolean sixteen = db instanceof DataBufferUShort;
        int dataBits = sixteen ? 16 : 8;
        int[] bits = new int[bands];
        for (int b = 0; b < bands; b++) {
            bits[b] = cm.getComponentSize(b);
            if (bits[b] < 1 || bits[b] > dataBits) {
                return null;
            }
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int pixStride = sm.getPixelStride();
        int lineStride = sm.getScanlineStride();
        int[] bandOff = sm.getBandOffsets();
        int[] bankIdx = sm.getBankIndices();
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        int[] origin = new int[bands];
        byte[][] byteBanks = new byte[bands][];
        short[][] shortBanks = new short[bands][];
        for (int b = 0; b < bands; b++) {
            origin[b] = db.getOffsets()[bankIdx[b]] + bandOff[b] - ty * lineStride - tx * pixStride;
            if (sixteen) {
                shortBanks[b] = ((DataBufferUShort) db).getData(bankIdx[b]);
            } else {
                byteBanks[b] = ((DataBufferByte) db).getData(bankIdx[b]);
            }
        }
        boolean pre = hasAlpha && cm.isAlphaPremultiplied();
        float[][] luts = new float[colorBands][];
        for (int c = 0; c < colorBands; c++) {
            luts[c] = dec.table(c, bits[c], pre ? bits[c] : dataBits);
        }
        FloatImage out = blank(w, h, hasAlpha);
        float[][] planes = {out.red(), out.green(), out.blue()};
        float[] alpha = out.alpha();
        int maxA = hasAlpha ? (1 << bits[colorBands]) - 1 : 1;
        scheduler.forRanges(h, minRows(w), (y0, y1) -> {
            int[] codes = new int[w];
            int[] aCodes = pre ? new int[w] : null;
            for (int y = y0; y < y1; y++) {
                int dst = y * w;
                if (hasAlpha) {
                    readRow(byteBanks[colorBands], shortBanks[colorBands], origin[colorBands] + y * lineStride,
                            pixStride, w, codes);
                    float scale = 1f / maxA;
                    for (int x = 0; x < w; x++) {
                        alpha[dst + x] = Math.min(codes[x], maxA) * scale;
                    }
                    if (pre) {
                        System.arraycopy(codes, 0, aCodes, 0, w);
                    }
                }
                for (int c = 0; c < colorBands; c++) {
                    float[] lut = luts[c];
                    float[] plane = planes[c];
                    int base = origin[c] + y * lineStride;
                    if (!sixteen && !pre) {
                        byte[] data = byteBanks[c];
                        for (int x = 0, p = base; x < w; x++, p += pixStride) {
                            plane[dst + x] = lut[data[p] & 0xff];
                        }
                    } else if (!pre) {
                        short[] data = shortBanks[c];
                        for (int x = 0, p = base; x < w; x++, p += pixStride) {
                            plane[dst + x] = lut[data[p] & 0xffff];
                        }
                    } else {
                        readRow(byteBanks[c], shortBanks[c], base, pixStride, w, codes);
                        int max = (1 << bits[c]) - 1;
                        for (int x = 0; x < w; x++) {
                            plane[dst + x] = lut[unpremultiply(Math.min(codes[x], max), max, aCodes[x], maxA)];
                        }
                    }
                }
            }
            dec.finish(out, y0 * w, y1 * w);
        });
        return out;
    }

    private static void readRow(byte[] bytes, short[] shorts, int base, int pixStride, int w, int[] codes) {
        if (bytes != null) {
            for (int x = 0, p = base; x < w; x++, p += pixStride) {
                codes[x] = bytes[p] & 0xff;
            }
        } else {
            for (int x = 0, p = base; x < w; x++, p += pixStride) {
                codes[x] = shorts[p] & 0xffff;
            }
        }
    }

    /** Indexed and binary images: the palette is decoded once; 1/2/4-bit packed indices are unpacked here. */
    private static FloatImage readIndexed(BufferedImage src, IndexColorModel icm, StripScheduler scheduler) {
        Raster raster = src.getRaster();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        int w = src.getWidth();
        int h = src.getHeight();
        int size = icm.getMapSize();
        int entries = Math.max(size, 1 << Math.min(16, Math.max(1, sm.getSampleSize(0))));
        float[] pr = new float[entries];
        float[] pg = new float[entries];
        float[] pb = new float[entries];
        float[] pa = new float[entries];
        java.util.Arrays.fill(pa, 1f);
        float[] lut = SrgbTransfer.decode8Table();
        for (int i = 0; i < size; i++) {
            int argb = icm.getRGB(i); // the palette, once per entry (not per pixel)
            pr[i] = lut[(argb >>> 16) & 0xff];
            pg[i] = lut[(argb >>> 8) & 0xff];
            pb[i] = lut[argb & 0xff];
            pa[i] = (argb >>> 24) * (1f / 255f);
        }
        boolean hasAlpha = icm.hasAlpha();
        FloatImage out = blank(w, h, hasAlpha);
        float[] r = out.red();
        float[] g = out.green();
        float[] b = out.blue();
        float[] a = out.alpha();
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        boolean packedBytes = sm instanceof MultiPixelPackedSampleModel && db instanceof DataBufferByte;
        boolean componentBytes = sm instanceof ComponentSampleModel && db instanceof DataBufferByte
                && sm.getNumBands() == 1;
        scheduler.forRanges(h, minRows(w), (y0, y1) -> {
            int[] idx = new int[w];
            for (int y = y0; y < y1; y++) {
                if (packedBytes) {
                    MultiPixelPackedSampleModel mp = (MultiPixelPackedSampleModel) sm;
                    byte[] data = ((DataBufferByte) db).getData();
                    int pbits = mp.getPixelBitStride();
                    int mask = (1 << pbits) - 1;
                    int row = db.getOffset() + (y - ty) * mp.getScanlineStride();
                    int bit0 = mp.getDataBitOffset() + (0 - tx) * pbits;
                    for (int x = 0; x < w; x++) {
                        int bit = bit0 + x * pbits;
                        idx[x] = (data[row + (bit >>> 3)] >>> (8 - pbits - (bit & 7))) & mask;
                    }
                } else if (componentBytes) {
                    ComponentSampleModel cs = (ComponentSampleModel) sm;
                    byte[] data = ((DataBufferByte) db).getData();
                    int base = db.getOffset() + cs.getBandOffsets()[0] + (y - ty) * cs.getScanlineStride()
                            - tx * cs.getPixelStride();
                    int ps = cs.getPixelStride();
                    for (int x = 0; x < w; x++) {
                        idx[x] = data[base + x * ps] & 0xff;
                    }
                } else {
                    raster.getSamples(0, y, w, 1, 0, idx); // a whole row per call
                }
                int dst = y * w;
                for (int x = 0; x < w; x++) {
                    int i = Math.min(idx[x], entries - 1);
                    r[dst + x] = pr[i];
                    g[dst + x] = pg[i];
                    b[dst + x] = pb[i];
                    if (hasAlpha) {
                        a[dst + x] = pa[i];
                    }
                }
            }
        });
        return out;
    }

    /** Any other layout of a decodable colour space (banded ints, float/double rasters ...), row by row. */
    private static FloatImage readGeneric(BufferedImage src, ColorModel cm, Decoding dec, StripScheduler scheduler) {
        Raster raster = src.getRaster();
        int w = src.getWidth();
        int h = src.getHeight();
        int colorBands = dec.colorBands();
        boolean hasAlpha = cm.hasAlpha();
        if (raster.getNumBands() != colorBands + (hasAlpha ? 1 : 0)) {
            return fromColorEngine(src, scheduler);
        }
        int tt = raster.getTransferType();
        boolean floating = tt == DataBuffer.TYPE_FLOAT || tt == DataBuffer.TYPE_DOUBLE;
        boolean pre = hasAlpha && cm.isAlphaPremultiplied();
        float[] scale = new float[colorBands + 1];
        float[][] luts16 = new float[colorBands][];
        for (int c = 0; c <= colorBands; c++) {
            int bits = Math.min(31, cm.getComponentSize(Math.min(c, cm.getNumComponents() - 1)));
            scale[c] = floating ? 1f : (float) (1.0 / ((1L << bits) - 1));
            if (c < colorBands) {
                luts16[c] = dec.curves[c].isLinear() ? null : dec.curves[c].table(16);
            }
        }
        FloatImage out = blank(w, h, hasAlpha);
        float[][] planes = {out.red(), out.green(), out.blue()};
        float[] alpha = out.alpha();
        scheduler.forRanges(h, minRows(w), (y0, y1) -> {
            float[] row = new float[w];
            float[] aRow = new float[w];
            for (int y = y0; y < y1; y++) {
                int dst = y * w;
                if (hasAlpha) {
                    raster.getSamples(0, y, w, 1, colorBands, aRow);
                    for (int x = 0; x < w; x++) {
                        aRow[x] = Math.max(0f, Math.min(1f, aRow[x] * scale[colorBands]));
                        alpha[dst + x] = aRow[x];
                    }
                }
                for (int c = 0; c < colorBands; c++) {
                    raster.getSamples(0, y, w, 1, c, row);
                    float[] plane = planes[c];
                    float[] lut = luts16[c];
                    for (int x = 0; x < w; x++) {
                        float v = row[x] * scale[c];
                        if (pre) {
                            v = aRow[x] > 0 ? v / aRow[x] : 0f;
                        }
                        if (lut == null) {
                            plane[dst + x] = v; // linear data: kept as is, even outside [0, 1]
                        } else {
                            float cl = v < 0 ? 0 : (v > 1 ? 1 : v);
                            plane[dst + x] = lut[(int) (cl * 65535f + 0.5f)];
                        }
                    }
                }
            }
            dec.finish(out, y0 * w, y1 * w);
        });
        return out;
    }

    /**
     * Colour spaces that need a colour engine (CMYK, LUT-based profiles, Lab, PYCC): the JDK's engine converts
     * the whole image into 16-bit linear sRGB (relative colorimetric; clipped to the sRGB gamut).
     */
    private static FloatImage fromColorEngine(BufferedImage src, StripScheduler scheduler) {
        int w = src.getWidth();
        int h = src.getHeight();
        ColorModel scm = src.getColorModel();
        boolean hasAlpha = scm.hasAlpha();
        ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel dstCm = new ComponentColorModel(linear, hasAlpha, false,
                hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage dst = new BufferedImage(dstCm, dstCm.createCompatibleWritableRaster(w, h), false, null);
        new ColorConvertOp(scm.getColorSpace(), linear, null).filter(src, dst);
        FloatImage out = readComponents(dst, dstCm, (ComponentSampleModel) dst.getSampleModel(), Decoding.LINEAR,
                scheduler);
        if (hasAlpha) {
            // The engine does not always carry alpha across; take it from the source.
            WritableRaster alphaRaster = src.getAlphaRaster();
            if (alphaRaster != null) {
                int bits = scm.getComponentSize(scm.getNumComponents() - 1);
                float scale = (float) (1.0 / ((1L << Math.min(31, bits)) - 1));
                float[] a = out.alpha();
                int[] row = new int[w];
                for (int y = 0; y < h; y++) {
                    alphaRaster.getSamples(0, y, w, 1, 0, row);
                    for (int x = 0; x < w; x++) {
                        a[y * w + x] = Math.min(1f, row[x] * scale);
                    }
                }
            }
        }
        return out;
    }

    // =========================================================================================== output

    /**
     * Encodes a float image as an sRGB-encoded image on all cores: {@code TYPE_3BYTE_BGR} /
     * {@code TYPE_4BYTE_ABGR} at 8 bits, an interleaved unsigned-short RGB(A) image at 16 bits, dithered.
     *
     * @param img  linear-light image (values outside [0, 1] clip after encoding); never modified
     * @param bits 8 or 16
     * @param seed dither seed (use the render seed so outputs are reproducible)
     * @return a new image in the sRGB colour space, with alpha iff {@code img} has alpha
     * @throws IllegalArgumentException if {@code bits} is not 8 or 16
     */
    public static BufferedImage toBufferedImage(FloatImage img, int bits, long seed) {
        return toBufferedImage(img, bits, seed, StripScheduler.allCores());
    }

    /**
     * As {@link #toBufferedImage(FloatImage, int, long)}, on the given scheduler.
     *
     * @param img       linear-light image; never modified
     * @param bits      8 or 16
     * @param seed      dither seed
     * @param scheduler runs row ranges in parallel (the result does not depend on it)
     * @return a new sRGB image
     */
    public static BufferedImage toBufferedImage(FloatImage img, int bits, long seed, StripScheduler scheduler) {
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits = " + bits + " is out of range: allowed is 8 or 16");
        }
        boolean alpha = img.hasAlpha();
        BufferedImage out;
        if (bits == 8) {
            out = new BufferedImage(img.width(), img.height(),
                    alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        } else {
            out = componentImage(img.width(), img.height(), false, alpha, false, DataBuffer.TYPE_USHORT);
        }
        write(img, out, seed, scheduler);
        return out;
    }

    /**
     * Encodes a float image like {@code like}, with a seed derived from the image content.
     *
     * @see #toBufferedImageLike(FloatImage, BufferedImage, long, StripScheduler)
     */
    public static BufferedImage toBufferedImageLike(FloatImage img, BufferedImage like) {
        return toBufferedImageLike(img, like, RenderContext.contentHash(img), StripScheduler.allCores());
    }

    /**
     * Encodes a float image as a {@code BufferedImage} of the same type and bit depth as {@code like} where
     * possible: every standard type is kept (gray stays gray, premultiplied stays premultiplied, 565/555 stay
     * packed, indexed and binary are re-mapped to their palette), custom byte/ushort component layouts keep
     * their bit depth, band count and alpha. The colour space of the result is always sRGB (gray: sRGB-encoded
     * gray), also when {@code like} carried another ICC profile: tag the file with {@link #outputProfile}.
     * Alpha is written when {@code like} has alpha (opaque if {@code img} has none).
     *
     * @param img       linear-light result; never modified
     * @param like      the image whose type to reproduce; never modified
     * @param seed      dither seed
     * @param scheduler runs row ranges in parallel (the result does not depend on it)
     * @return a new image
     */
    public static BufferedImage toBufferedImageLike(FloatImage img, BufferedImage like, long seed,
                                                    StripScheduler scheduler) {
        int w = img.width();
        int h = img.height();
        ColorModel cm = like.getColorModel();
        int type = like.getType();
        BufferedImage out;
        if (cm instanceof IndexColorModel) {
            IndexColorModel icm = (IndexColorModel) cm;
            out = type == BufferedImage.TYPE_BYTE_INDEXED || type == BufferedImage.TYPE_BYTE_BINARY
                    ? new BufferedImage(w, h, type, icm)
                    : new BufferedImage(icm, icm.createCompatibleWritableRaster(w, h), false, null);
            writeIndexed(toBufferedImage(img, 8, seed, scheduler), icm, out.getRaster(), scheduler);
            return out;
        }
        switch (type) {
            case BufferedImage.TYPE_INT_RGB:
            case BufferedImage.TYPE_INT_ARGB:
            case BufferedImage.TYPE_INT_ARGB_PRE:
            case BufferedImage.TYPE_INT_BGR:
            case BufferedImage.TYPE_3BYTE_BGR:
            case BufferedImage.TYPE_4BYTE_ABGR:
            case BufferedImage.TYPE_4BYTE_ABGR_PRE:
            case BufferedImage.TYPE_BYTE_GRAY:
            case BufferedImage.TYPE_USHORT_GRAY:
            case BufferedImage.TYPE_USHORT_565_RGB:
            case BufferedImage.TYPE_USHORT_555_RGB:
                out = new BufferedImage(w, h, type);
                break;
            default: {
                int tt = like.getSampleModel().getTransferType();
                boolean gray = cm.getNumColorComponents() == 1;
                if (cm instanceof ComponentColorModel && like.getSampleModel() instanceof ComponentSampleModel
                        && (tt == DataBuffer.TYPE_BYTE || tt == DataBuffer.TYPE_USHORT)
                        && (gray || cm.getNumColorComponents() == 3)) {
                    out = componentImage(w, h, gray, cm.hasAlpha(), cm.isAlphaPremultiplied(), tt);
                } else {
                    boolean deep = false;
                    for (int s : cm.getComponentSize()) {
                        deep |= s > 8;
                    }
                    return toBufferedImage(img, deep ? 16 : 8, seed, scheduler);
                }
            }
        }
        write(img, out, seed, scheduler);
        return out;
    }

    /**
     * Maps a dithered 8-bit image to palette indices: a colour that is a palette entry gets that entry (so an
     * unchanged palette image keeps its indices); any other colour the nearest entry (squared differences of
     * the encoded values, colour weighted by coverage, alpha counted twice), memoised per colour.
     */
    private static void writeIndexed(BufferedImage abgr, IndexColorModel icm, WritableRaster dst,
                                      StripScheduler scheduler) {
        int size = icm.getMapSize();
        int[] pal = new int[size];
        icm.getRGBs(pal);
        boolean alpha = abgr.getColorModel().hasAlpha();
        java.util.Map<Integer, Integer> exact = new java.util.HashMap<>();
        for (int i = size - 1; i >= 0; i--) {
            exact.put(pal[i], i); // the first entry wins when a colour repeats
        }
        byte[] data = ((DataBufferByte) abgr.getRaster().getDataBuffer()).getData();
        int n = alpha ? 4 : 3;
        int w = abgr.getWidth();
        scheduler.forRanges(abgr.getHeight(), minRows(w), (y0, y1) -> {
            java.util.Map<Integer, Integer> memo = new java.util.HashMap<>(exact);
            int[] idx = new int[w];
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int p = (y * w + x) * n;
                    int a = alpha ? data[p] & 0xff : 255;
                    int o = alpha ? 1 : 0;
                    int argb = a << 24 | (data[p + o + 2] & 0xff) << 16 | (data[p + o + 1] & 0xff) << 8
                            | (data[p + o] & 0xff);
                    Integer hit = memo.get(argb);
                    if (hit == null) {
                        hit = nearest(pal, argb);
                        memo.put(argb, hit);
                    }
                    idx[x] = hit;
                }
                dst.setSamples(0, y, w, 1, 0, idx); // a whole row per call
            }
        });
    }

    private static int nearest(int[] pal, int argb) {
        int a = argb >>> 24;
        int r = (argb >>> 16) & 0xff;
        int g = (argb >>> 8) & 0xff;
        int b = argb & 0xff;
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < pal.length; i++) {
            int q = pal[i];
            int qa = q >>> 24;
            long dr = r - ((q >>> 16) & 0xff);
            long dg = g - ((q >>> 8) & 0xff);
            long db = b - (q & 0xff);
            long da = a - qa;
            long cover = Math.min(a, qa);
            long d = (dr * dr + dg * dg + db * db) * cover + 2 * da * da * 255;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** @return a new interleaved sRGB (or sRGB-encoded gray) image with bands R, G, B[, A] or Y[, A] */
    private static BufferedImage componentImage(int w, int h, boolean gray, boolean alpha, boolean pre, int tt) {
        ColorSpace cs = ColorSpace.getInstance(gray ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, pre,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, tt);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), pre, null);
    }

    /**
     * Writes {@code img} into the freshly created {@code out} (packed or component, byte/ushort/int), dithered.
     */
    private static void write(FloatImage img, BufferedImage out, long seed, StripScheduler scheduler) {
        if (img.width() != out.getWidth() || img.height() != out.getHeight()) {
            throw new IllegalArgumentException("size mismatch");
        }
        ColorModel cm = out.getColorModel();
        WritableRaster raster = out.getRaster();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        boolean gray = cm.getNumColorComponents() == 1;
        boolean alpha = cm.hasAlpha();
        boolean pre = alpha && cm.isAlphaPremultiplied();
        int colorBands = gray ? 1 : 3;
        int bands = colorBands + (alpha ? 1 : 0);
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int w = img.width();
        int h = img.height();
        float[][] planes = {img.red(), img.green(), img.blue()};
        float[] srcAlpha = img.alpha();
        // Where each band's code goes: packed (int/ushort words, mask shift) or component (array, offset, stride).
        final boolean packed = sm instanceof SinglePixelPackedSampleModel;
        final int[] shifts = packed ? ((SinglePixelPackedSampleModel) sm).getBitOffsets() : null;
        final int stride = packed ? ((SinglePixelPackedSampleModel) sm).getScanlineStride()
                : ((ComponentSampleModel) sm).getScanlineStride();
        final int pixStride = packed ? 1 : ((ComponentSampleModel) sm).getPixelStride();
        final int[] bandOff = packed ? new int[bands] : ((ComponentSampleModel) sm).getBandOffsets();
        final int[] ints = db instanceof DataBufferInt ? ((DataBufferInt) db).getData() : null;
        final short[] shorts = db instanceof DataBufferUShort ? ((DataBufferUShort) db).getData() : null;
        final byte[] bytes = db instanceof DataBufferByte ? ((DataBufferByte) db).getData() : null;
        if (bytes != null && !packed && !gray && !pre && pixStride == bands && max[0] == 255 && max[1] == 255
                && max[2] == 255 && (!alpha || max[3] == 255)) {
            writeBytesFast(img, bytes, bandOff, bands, alpha, stride, seed, scheduler);
            return;
        }
        scheduler.forRanges(h, minRows(w), (y0, y1) -> {
            int[] noise = new int[w];
            int[] aCodes = new int[w];
            int[] codes = new int[w];
            int[] words = packed ? new int[w] : null;
            float[] lum = gray ? new float[w] : null;
            for (int y = y0; y < y1; y++) {
                int src = y * w;
                Dither.fillRow(Dither.rowKey(seed, y), w, noise);
                if (packed) {
                    java.util.Arrays.fill(words, 0);
                }
                if (alpha) {
                    int ma = max[colorBands];
                    for (int x = 0; x < w; x++) {
                        aCodes[x] = srcAlpha == null ? ma
                                : quantize(srcAlpha[src + x], ma, Dither.fromBits(noise[x], 3));
                    }
                    store(aCodes, colorBands, y, w, packed, shifts, words, bytes, shorts, stride, pixStride, bandOff);
                }
                if (gray) {
                    float[] r = planes[0];
                    float[] g = planes[1];
                    float[] b = planes[2];
                    for (int x = 0; x < w; x++) {
                        lum[x] = LUM_R * r[src + x] + LUM_G * g[src + x] + LUM_B * b[src + x];
                    }
                }
                for (int c = 0; c < colorBands; c++) {
                    float[] plane = gray ? null : planes[c];
                    int m = max[c];
                    int ma = alpha ? max[colorBands] : 1;
                    float preScale = 1f / ma;
                    for (int x = 0; x < w; x++) {
                        float enc = SrgbTransfer.encode(gray ? lum[x] : plane[src + x]);
                        if (pre) {
                            enc *= aCodes[x] * preScale;
                        }
                        codes[x] = quantize(enc, m, Dither.fromBits(noise[x], c));
                    }
                    store(codes, c, y, w, packed, shifts, words, bytes, shorts, stride, pixStride, bandOff);
                }
                if (packed) {
                    int row = y * stride;
                    for (int x = 0; x < w; x++) {
                        if (ints != null) {
                            ints[row + x] = words[x];
                        } else {
                            shorts[row + x] = (short) words[x];
                        }
                    }
                }
            }
        });
    }

    /**
     * The hot path (3BYTE_BGR, 4BYTE_ABGR, 8-bit RGB(A)): {@link Srgb8Encoder} encodes, dithers and
     * interleaves the colour channels row by row; alpha, when present, is quantized linearly.
     */
    private static void writeBytesFast(FloatImage img, byte[] data, int[] bandOff, int n, boolean alpha,
                                       int stride, long seed, StripScheduler scheduler) {
        int w = img.width();
        float[][] planes = {img.red(), img.green(), img.blue()};
        float[] a = img.alpha();
        int[] colourOff = {bandOff[0], bandOff[1], bandOff[2]};
        int ao = alpha ? bandOff[3] : 0;
        scheduler.forRanges(img.height(), minRows(w), (y0, y1) ->
                bytesRows(planes, a, data, n, colourOff, alpha, ao, stride, w, seed, y0, y1));
    }

    /** Rows {@code [y0, y1)} of {@link #writeBytesFast}: each row depends on its own pixels and y alone. */
    private static void bytesRows(float[][] planes, float[] a, byte[] data, int n, int[] colourOff, boolean alpha,
                                  int ao, int stride, int w, long seed, int y0, int y1) {
        Srgb8Encoder encoder = new Srgb8Encoder();
        int[] noise = alpha ? new int[w] : null;
        for (int y = y0; y < y1; y++) {
            int key = Dither.rowKey(seed, y);
            int src = y * w;
            encoder.encodeRow(planes, src, w, key, data, y * stride, n, colourOff);
            if (alpha) {
                Dither.fillRow(key, w, noise);
                for (int x = 0, p = y * stride + ao; x < w; x++, p += n) {
                    data[p] = (byte) (a == null ? 255
                            : quantize(a[src + x], 255, Dither.fromBits(noise[x], 3)));
                }
            }
        }
    }

    /**
     * Encodes rows {@code [y0, y1)} of {@code img} into {@code out}, on the calling thread, exactly as
     * {@link #toBufferedImage(FloatImage, int, long, StripScheduler) toBufferedImage(img, 8, seed, ...)} writes
     * those rows (the dither of a row depends on the seed and the row alone), so an image can be encoded band
     * by band, e.g. while an encoder reads the finished rows. Rows outside the range are not touched.
     *
     * @param img  linear-light image; never modified
     * @param out  a {@code TYPE_3BYTE_BGR} image (a {@code TYPE_4BYTE_ABGR} one when {@code img} has alpha)
     *             of {@code img}'s size, e.g. {@code new BufferedImage(w, h, TYPE_3BYTE_BGR)}
     * @param seed dither seed
     * @param y0   first row, inclusive
     * @param y1   last row, exclusive
     * @throws IllegalArgumentException if {@code out} has another type or size, or the rows are outside
     */
    public static void writeRows8(FloatImage img, BufferedImage out, long seed, int y0, int y1) {
        int w = img.width();
        boolean alpha = img.hasAlpha();
        int type = alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR;
        if (out.getType() != type || out.getWidth() != w || out.getHeight() != img.height()) {
            throw new IllegalArgumentException("out must be a " + w + "x" + img.height()
                    + (alpha ? " TYPE_4BYTE_ABGR" : " TYPE_3BYTE_BGR") + " image");
        }
        if (y0 < 0 || y1 > img.height() || y0 > y1) {
            throw new IllegalArgumentException("rows [" + y0 + ", " + y1 + ") are not inside 0.." + img.height());
        }
        WritableRaster raster = out.getRaster();
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        int[] bandOff = sm.getBandOffsets();
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        float[][] planes = {img.red(), img.green(), img.blue()};
        bytesRows(planes, img.alpha(), data, alpha ? 4 : 3, new int[] {bandOff[0], bandOff[1], bandOff[2]}, alpha,
                alpha ? bandOff[3] : 0, sm.getScanlineStride(), w, seed, y0, y1);
    }

    private static void store(int[] codes, int band, int y, int w, boolean packed, int[] shifts, int[] words,
                              byte[] bytes, short[] shorts, int stride, int pixStride, int[] bandOff) {
        if (packed) {
            int s = shifts[band];
            for (int x = 0; x < w; x++) {
                words[x] |= codes[x] << s;
            }
            return;
        }
        int p = y * stride + bandOff[band];
        if (bytes != null) {
            for (int x = 0; x < w; x++, p += pixStride) {
                bytes[p] = (byte) codes[x];
            }
        } else {
            for (int x = 0; x < w; x++, p += pixStride) {
                shorts[p] = (short) codes[x];
            }
        }
    }

    /**
     * Rounds an encoded value to a code after adding dither.
     *
     * @param encoded value, nominally in [0, 1] (clamped)
     * @param max     largest code (e.g. 255 or 65535)
     * @param dither  noise in code steps, from {@link Dither}
     * @return the code in {@code [0, max]}
     */
    static int quantize(float encoded, int max, float dither) {
        float v = encoded * max + dither + 0.5f;
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        int q = (int) v;
        return q > max ? max : q;
    }

    // ========================================================================================= helpers

    /**
     * The ICC profile that describes the pixel values of an image this class wrote: sRGB for colour images,
     * a gray profile with the sRGB tone curve ({@link IccProfiles#srgbGray()}) for gray ones. Writers should
     * embed it (PNG iCCP, JPEG APP2, TIFF tag 34675) so that every viewer shows the intended colours.
     *
     * @param written an image from {@link #toBufferedImage} or {@link #toBufferedImageLike}
     * @return the profile to embed
     */
    public static ICC_Profile outputProfile(BufferedImage written) {
        return written.getColorModel().getNumColorComponents() == 1 ? IccProfiles.srgbGray() : IccProfiles.srgb();
    }

    /**
     * Composites an image with alpha over a solid background in linear light (physically: the light the
     * background would reflect through the partly covering layer), for formats without alpha such as JPEG.
     *
     * @param img        the image; never modified
     * @param background linear-light red, green, blue of the background (e.g. {@code 1, 1, 1} for white)
     * @return a new opaque image (a copy when {@code img} is already opaque)
     */
    public static FloatImage flattenOnto(FloatImage img, float... background) {
        if (background.length != 3) {
            throw new IllegalArgumentException("background needs 3 values (r, g, b), has " + background.length);
        }
        if (!img.hasAlpha()) {
            return img.copy();
        }
        int n = img.pixelCount();
        float[] a = img.alpha();
        float[][] src = {img.red(), img.green(), img.blue()};
        float[][] dst = {new float[n], new float[n], new float[n]};
        for (int c = 0; c < 3; c++) {
            float[] s = src[c];
            float[] d = dst[c];
            float bg = background[c];
            for (int i = 0; i < n; i++) {
                d[i] = bg + (s[i] - bg) * a[i];
            }
        }
        return new FloatImage(img.width(), img.height(), dst[0], dst[1], dst[2], null, img.space());
    }

    /** @return {@link #flattenOnto(FloatImage, float...)} onto white, as JPEG output of alpha images needs */
    public static FloatImage flattenOntoWhite(FloatImage img) {
        return flattenOnto(img, 1f, 1f, 1f);
    }
}
