package dev.emulsion.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
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
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * Converts between {@link BufferedImage} and linear-light {@link FloatImage}, reading and writing the
 * rasters' data buffers directly (never {@code getRGB}/{@code setRGB} per pixel).
 *
 * <p>Input: 8- and 16-bit gray, RGB, BGR, ARGB (straight or premultiplied), packed and indexed images.
 * Gray and sRGB-tagged values are taken as sRGB-encoded; an image whose colour space is another ICC profile
 * (Display P3, Adobe RGB, ProPhoto, CMYK ...) is converted colorimetrically to linear sRGB first.
 *
 * <p>Output: sRGB-encoded 8- or 16-bit images, quantized with {@link Dither} so smooth gradients do not band;
 * an 8-bit code that went in unchanged comes out unchanged.
 */
public final class ImageConversion {
    private ImageConversion() {
    }

    // ------------------------------------------------------------------------------------------- input

    /**
     * Converts any common {@code BufferedImage} to a linear-light float image in linear sRGB.
     *
     * @param src the image; never modified
     * @return a new float image (with alpha iff the source has an alpha channel)
     */
    public static FloatImage toFloatImage(BufferedImage src) {
        ColorModel cm = src.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (!isSrgbEncoded(cs) && !isGray(cs) && !(cm instanceof java.awt.image.IndexColorModel)) {
            return fromForeignColorSpace(src);
        }
        FloatImage fast = tryDirect(src);
        if (fast != null) {
            return fast;
        }
        // Packed, indexed and odd layouts: let Java2D unpack them into a byte image, then read that.
        boolean alpha = cm.hasAlpha();
        BufferedImage tmp = new BufferedImage(src.getWidth(), src.getHeight(),
                alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = tmp.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return tryDirect(tmp);
    }

    /** @return whether values in this space are sRGB-encoded RGB */
    static boolean isSrgbEncoded(ColorSpace cs) {
        if (cs.isCS_sRGB()) {
            return true;
        }
        if (cs instanceof ICC_ColorSpace && cs.getType() == ColorSpace.TYPE_RGB) {
            return IccProfiles.isSrgb(((ICC_ColorSpace) cs).getProfile());
        }
        return false;
    }

    /** Gray images are taken as sRGB-encoded gray, as browsers and every other viewer show them. */
    static boolean isGray(ColorSpace cs) {
        return cs.getType() == ColorSpace.TYPE_GRAY && cs.getNumComponents() == 1
                && (cs == ColorSpace.getInstance(ColorSpace.CS_GRAY) || !(cs instanceof ICC_ColorSpace)
                || IccProfiles.isStandardGray(((ICC_ColorSpace) cs).getProfile()));
    }

    /** Reads images laid out as interleaved bytes/shorts or packed ints without any conversion call. */
    private static FloatImage tryDirect(BufferedImage src) {
        Raster raster = src.getRaster();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || raster.getParent() != null) {
            raster = src.getData(); // a copy without the sub-image offset
        }
        ColorModel cm = src.getColorModel();
        SampleModel sm = raster.getSampleModel();
        int w = src.getWidth();
        int h = src.getHeight();
        DataBuffer db = raster.getDataBuffer();
        if (cm instanceof DirectColorModel && sm instanceof SinglePixelPackedSampleModel
                && db instanceof DataBufferInt && db.getNumBanks() == 1) {
            return readPackedInt((DirectColorModel) cm, (SinglePixelPackedSampleModel) sm,
                    ((DataBufferInt) db).getData(), db.getOffset(), w, h);
        }
        if (cm instanceof ComponentColorModel && sm instanceof ComponentSampleModel && db.getNumBanks() == 1
                && (db instanceof DataBufferByte || db instanceof DataBufferUShort)) {
            return readComponents((ComponentColorModel) cm, (ComponentSampleModel) sm, db, w, h);
        }
        return null;
    }

    private static FloatImage readPackedInt(DirectColorModel cm, SinglePixelPackedSampleModel sm, int[] data,
                                            int offset, int w, int h) {
        int[] masks = sm.getBitMasks();
        int[] offs = sm.getBitOffsets();
        for (int i = 0; i < 3; i++) {
            if (Integer.bitCount(masks[i]) != 8) {
                return null;
            }
        }
        boolean hasAlpha = cm.hasAlpha();
        if (hasAlpha && Integer.bitCount(masks[3]) != 8) {
            return null;
        }
        boolean pre = cm.isAlphaPremultiplied();
        FloatImage out = FloatImage.create(w, h, hasAlpha);
        float[] r = out.red();
        float[] g = out.green();
        float[] b = out.blue();
        float[] a = out.alpha();
        float[] lut = SrgbTransfer.decode8Table();
        int stride = sm.getScanlineStride();
        int rs = offs[0];
        int gs = offs[1];
        int bs = offs[2];
        int as = hasAlpha ? offs[3] : 0;
        for (int y = 0; y < h; y++) {
            int src = offset + y * stride;
            int dst = y * w;
            for (int x = 0; x < w; x++) {
                int p = data[src + x];
                int ri = (p >>> rs) & 0xff;
                int gi = (p >>> gs) & 0xff;
                int bi = (p >>> bs) & 0xff;
                if (hasAlpha) {
                    int ai = (p >>> as) & 0xff;
                    a[dst + x] = ai * (1f / 255f);
                    if (pre) {
                        r[dst + x] = unpremultiply(ri, ai, 255);
                        g[dst + x] = unpremultiply(gi, ai, 255);
                        b[dst + x] = unpremultiply(bi, ai, 255);
                        continue;
                    }
                }
                r[dst + x] = lut[ri];
                g[dst + x] = lut[gi];
                b[dst + x] = lut[bi];
            }
        }
        return out;
    }

    private static float unpremultiply(int stored, int alpha, int max) {
        if (alpha == 0) {
            return 0f;
        }
        double enc = Math.min(1.0, (double) stored / alpha);
        return SrgbTransfer.decode16((int) Math.round(enc * 65535.0));
    }

    private static FloatImage readComponents(ComponentColorModel cm, ComponentSampleModel sm, DataBuffer db,
                                             int w, int h) {
        int bands = sm.getNumBands();
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int colorBands = gray ? 1 : 3;
        boolean hasAlpha = cm.hasAlpha();
        if (bands != colorBands + (hasAlpha ? 1 : 0)) {
            return null;
        }
        boolean sixteen = db instanceof DataBufferUShort;
        int bits = cm.getComponentSize(0);
        if (bits != (sixteen ? 16 : 8)) {
            return null;
        }
        boolean pre = cm.isAlphaPremultiplied();
        int max = sixteen ? 65535 : 255;
        float[] lut = sixteen ? SrgbTransfer.decode16Table() : SrgbTransfer.decode8Table();
        int[] bandOff = sm.getBandOffsets();
        int pixStride = sm.getPixelStride();
        int lineStride = sm.getScanlineStride();
        int base = db.getOffset();
        byte[] bytes = sixteen ? null : ((DataBufferByte) db).getData();
        short[] shorts = sixteen ? ((DataBufferUShort) db).getData() : null;
        FloatImage out = FloatImage.create(w, h, hasAlpha);
        float[][] planes = {out.red(), out.green(), out.blue()};
        float[] a = out.alpha();
        int alphaOff = hasAlpha ? bandOff[colorBands] : 0;
        for (int y = 0; y < h; y++) {
            int row = base + y * lineStride;
            int dst = y * w;
            for (int x = 0; x < w; x++) {
                int p = row + x * pixStride;
                int av = max;
                if (hasAlpha) {
                    av = sixteen ? shorts[p + alphaOff] & 0xffff : bytes[p + alphaOff] & 0xff;
                    a[dst + x] = av / (float) max;
                }
                for (int c = 0; c < colorBands; c++) {
                    int v = sixteen ? shorts[p + bandOff[c]] & 0xffff : bytes[p + bandOff[c]] & 0xff;
                    planes[c][dst + x] = hasAlpha && pre ? unpremultiply(v, av, max) : lut[v];
                }
            }
        }
        if (gray) {
            System.arraycopy(planes[0], 0, planes[1], 0, planes[0].length);
            System.arraycopy(planes[0], 0, planes[2], 0, planes[0].length);
        }
        return out;
    }

    /**
     * Colour-managed input: ICC conversion of the whole image at 16-bit precision into linear sRGB with the
     * JDK's colour management engine (relative colorimetric). Out-of-gamut colours are clipped to sRGB.
     */
    private static FloatImage fromForeignColorSpace(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean hasAlpha = src.getColorModel().hasAlpha();
        ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel dstCm = new ComponentColorModel(linear, hasAlpha, false,
                hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster dstRaster = dstCm.createCompatibleWritableRaster(w, h);
        BufferedImage dst = new BufferedImage(dstCm, dstRaster, false, null);
        new ColorConvertOp(src.getColorModel().getColorSpace(), linear, null).filter(src, dst);
        short[] data = ((DataBufferUShort) dstRaster.getDataBuffer()).getData();
        ComponentSampleModel sm = (ComponentSampleModel) dstRaster.getSampleModel();
        int[] bandOff = sm.getBandOffsets();
        int pixStride = sm.getPixelStride();
        int lineStride = sm.getScanlineStride();
        FloatImage out = FloatImage.create(w, h, hasAlpha);
        float[][] planes = {out.red(), out.green(), out.blue(), out.alpha()};
        int bands = hasAlpha ? 4 : 3;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * lineStride + x * pixStride;
                for (int c = 0; c < bands; c++) {
                    planes[c][y * w + x] = (data[p + bandOff[c]] & 0xffff) * (1f / 65535f);
                }
            }
        }
        if (hasAlpha) {
            // ColorConvertOp does not always carry alpha across; read it from the source when it did not.
            Raster alphaRaster = src.getAlphaRaster();
            if (alphaRaster != null) {
                int alphaBits = src.getColorModel().getComponentSize(src.getColorModel().getNumComponents() - 1);
                float scale = 1f / ((1 << alphaBits) - 1);
                int[] row = new int[w];
                for (int y = 0; y < h; y++) {
                    alphaRaster.getSamples(0, y, w, 1, 0, row);
                    for (int x = 0; x < w; x++) {
                        planes[3][y * w + x] = row[x] * scale;
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ output

    /**
     * Encodes a float image as an sRGB-encoded {@code BufferedImage}: {@code TYPE_3BYTE_BGR} /
     * {@code TYPE_4BYTE_ABGR} at 8 bits, or an interleaved unsigned-short RGB(A) image at 16 bits, dithered.
     *
     * @param img  linear-light image (values are clamped to [0, 1] after encoding)
     * @param bits 8 or 16
     * @param seed dither seed (use the render seed so outputs are reproducible)
     * @return a new image in the sRGB colour space
     */
    public static BufferedImage toBufferedImage(FloatImage img, int bits, long seed) {
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits = " + bits + " is out of range: allowed is 8 or 16");
        }
        return bits == 8 ? toBytes(img, img.hasAlpha(), seed) : toShorts(img, img.hasAlpha(), false, seed);
    }

    /**
     * Encodes a float image as a {@code BufferedImage} of the same type and bit depth as {@code like} where
     * possible: standard types are kept (gray stays gray, premultiplied stays premultiplied, indexed is
     * re-mapped to its palette), 16-bit custom layouts stay 16-bit.
     *
     * @param img  linear-light result
     * @param like the image whose type to reproduce
     * @return a new image
     */
    public static BufferedImage toBufferedImageLike(FloatImage img, BufferedImage like) {
        long seed = dev.emulsion.chain.RenderContext.contentHash(img);
        ColorModel cm = like.getColorModel();
        boolean alpha = cm.hasAlpha() && img.hasAlpha();
        boolean sixteen = cm.getComponentSize(0) > 8 && cm.getTransferType() == DataBuffer.TYPE_USHORT;
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int type = like.getType();
        switch (type) {
            case BufferedImage.TYPE_3BYTE_BGR:
                return toBytes(img, false, seed);
            case BufferedImage.TYPE_4BYTE_ABGR:
                return toBytes(img, true, seed);
            case BufferedImage.TYPE_BYTE_GRAY:
            case BufferedImage.TYPE_USHORT_GRAY:
                return toGray(img, type == BufferedImage.TYPE_USHORT_GRAY, seed);
            case BufferedImage.TYPE_CUSTOM:
                if (gray && !alpha) {
                    return toGray(img, sixteen, seed);
                }
                return sixteen ? toShorts(img, alpha, false, seed) : toBytes(img, alpha, seed);
            default: {
                // INT_* packed, 4BYTE_ABGR_PRE, 565/555, indexed, binary: render 8-bit, then let Java2D pack it.
                BufferedImage bytes = toBytes(img, cm.hasAlpha(), seed);
                BufferedImage out = cm instanceof java.awt.image.IndexColorModel
                        ? new BufferedImage(img.width(), img.height(), type,
                        (java.awt.image.IndexColorModel) cm)
                        : new BufferedImage(img.width(), img.height(), type);
                Graphics2D g = out.createGraphics();
                g.setComposite(AlphaComposite.Src);
                g.drawImage(bytes, 0, 0, null);
                g.dispose();
                return out;
            }
        }
    }

    private static BufferedImage toBytes(FloatImage img, boolean alpha, long seed) {
        int w = img.width();
        int h = img.height();
        boolean withAlpha = alpha && img.hasAlpha();
        BufferedImage out = new BufferedImage(w, h, withAlpha ? BufferedImage.TYPE_4BYTE_ABGR
                : BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int n = withAlpha ? 4 : 3;
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();
        float[] a = img.alpha();
        dev.emulsion.chain.StripScheduler.allCores().forRanges(h, 16, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    int p = i * n;
                    int o = 0;
                    if (withAlpha) {
                        data[p] = (byte) quantize(a[i], 255, Dither.noise(seed, x, y, 3));
                        o = 1;
                    }
                    data[p + o] = (byte) quantize(SrgbTransfer.encode(b[i]), 255, Dither.noise(seed, x, y, 2));
                    data[p + o + 1] = (byte) quantize(SrgbTransfer.encode(g[i]), 255, Dither.noise(seed, x, y, 1));
                    data[p + o + 2] = (byte) quantize(SrgbTransfer.encode(r[i]), 255, Dither.noise(seed, x, y, 0));
                }
            }
        });
        return out;
    }

    private static BufferedImage toShorts(FloatImage img, boolean alpha, boolean unused, long seed) {
        int w = img.width();
        int h = img.height();
        boolean withAlpha = alpha && img.hasAlpha();
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), withAlpha,
                false, withAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        short[] data = ((DataBufferUShort) raster.getDataBuffer()).getData();
        int n = withAlpha ? 4 : 3;
        float[][] planes = {img.red(), img.green(), img.blue()};
        float[] a = img.alpha();
        dev.emulsion.chain.StripScheduler.allCores().forRanges(h, 16, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    int p = i * n;
                    for (int c = 0; c < 3; c++) {
                        data[p + c] = (short) quantize(SrgbTransfer.encode(planes[c][i]), 65535,
                                Dither.noise(seed, x, y, c));
                    }
                    if (withAlpha) {
                        data[p + 3] = (short) quantize(a[i], 65535, Dither.noise(seed, x, y, 3));
                    }
                }
            }
        });
        return new BufferedImage(cm, raster, false, null);
    }

    private static BufferedImage toGray(FloatImage img, boolean sixteen, long seed) {
        int w = img.width();
        int h = img.height();
        BufferedImage out = new BufferedImage(w, h, sixteen ? BufferedImage.TYPE_USHORT_GRAY
                : BufferedImage.TYPE_BYTE_GRAY);
        DataBuffer db = out.getRaster().getDataBuffer();
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();
        int max = sixteen ? 65535 : 255;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float lum = 0.2126f * r[i] + 0.7152f * g[i] + 0.0722f * b[i];
                db.setElem(i, quantize(SrgbTransfer.encode(lum), max, Dither.noise(seed, x, y, 0)));
            }
        }
        return out;
    }

    /**
     * Rounds an encoded value in [0, 1] to a code with dither.
     *
     * @param encoded value in [0, 1]
     * @param max     largest code (255 or 65535)
     * @param dither  noise in (−0.5, 0.5)
     * @return the code
     */
    static int quantize(float encoded, int max, float dither) {
        float v = encoded * max + dither;
        int q = (int) (v + 0.5f);
        return q < 0 ? 0 : (q > max ? max : q);
    }

    /** @return a copy of the array, for tests comparing buffers */
    static byte[] copy(byte[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
