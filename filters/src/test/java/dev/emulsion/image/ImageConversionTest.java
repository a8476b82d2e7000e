package dev.emulsion.image;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading every common BufferedImage type, writing it back, exact round trips and the contracts around them. */
class ImageConversionTest {
    static final int[] STANDARD_TYPES = {
        BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
        BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY,
        BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_USHORT_555_RGB, BufferedImage.TYPE_BYTE_INDEXED,
        BufferedImage.TYPE_BYTE_BINARY};

    /** Fills every sample of the raster with random values of its bit depth (straight alpha stays consistent). */
    static BufferedImage random(BufferedImage img, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        WritableRaster r = img.getRaster();
        int[] sizes = r.getSampleModel().getSampleSize();
        boolean pre = img.getColorModel().isAlphaPremultiplied();
        int bands = r.getNumBands();
        int[] px = new int[bands];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                for (int b = 0; b < bands; b++) {
                    px[b] = rnd.nextInt(1 << sizes[b]);
                }
                if (pre) { // premultiplied colour can not exceed alpha
                    int a = px[bands - 1];
                    for (int b = 0; b < bands - 1; b++) {
                        px[b] = Math.min(px[b], a);
                    }
                }
                r.setPixel(x, y, px);
            }
        }
        return img;
    }

    static BufferedImage custom(boolean gray, boolean alpha, int transferType, int w, int h) {
        ColorSpace cs = ColorSpace.getInstance(gray ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, transferType);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    static int[] samples(BufferedImage img) {
        Raster r = img.getRaster();
        return r.getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    static BufferedImage[] everyInputKind(int w, int h) {
        BufferedImage[] out = new BufferedImage[STANDARD_TYPES.length + 6];
        for (int i = 0; i < STANDARD_TYPES.length; i++) {
            out[i] = random(new BufferedImage(w, h, STANDARD_TYPES[i]), i);
        }
        int k = STANDARD_TYPES.length;
        out[k++] = random(custom(false, false, DataBuffer.TYPE_USHORT, w, h), 101);
        out[k++] = random(custom(false, true, DataBuffer.TYPE_USHORT, w, h), 102);
        out[k++] = random(custom(true, true, DataBuffer.TYPE_BYTE, w, h), 103);
        out[k++] = random(custom(true, true, DataBuffer.TYPE_USHORT, w, h), 104);
        out[k++] = random(custom(false, true, DataBuffer.TYPE_BYTE, w, h), 105);
        byte[] grays = new byte[16];
        for (int i = 0; i < 16; i++) {
            grays[i] = (byte) (i * 17);
        }
        out[k] = random(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(4, 16, grays, grays, grays)), 106);
        return out;
    }

    // ----------------------------------------------------------------------------------------- codes

    @Test
    void every8BitCodeRoundTripsExactlyEvenAtTheDitherExtremes() {
        float[] worst = {-Dither.HALF_WIDTH, 0f, Dither.HALF_WIDTH};
        for (int code = 0; code < 256; code++) {
            float enc = SrgbTransfer.encode(SrgbTransfer.decode8(code));
            for (float d : worst) {
                assertEquals(code, ImageConversion.quantize(enc, 255, d), "code " + code + " dither " + d);
            }
        }
    }

    @Test
    void roundTripCheckRejectsAWrongTransferCurve() {
        // Negative control: decoding with a pure 2.2 gamma and encoding with sRGB moves codes.
        int moved = 0;
        for (int code = 0; code < 256; code++) {
            float enc = SrgbTransfer.encode((float) Math.pow(code / 255.0, 2.2));
            if (ImageConversion.quantize(enc, 255, 0f) != code) {
                moved++;
            }
        }
        assertTrue(moved > 20, "a wrong curve must break the round trip, moved " + moved);
    }

    @Test
    void encodeTableMatchesTheExactCurve() {
        double worst = 0;
        for (int i = 0; i <= 100_000; i++) {
            double x = Math.pow(i / 100_000.0, 3);
            worst = Math.max(worst, Math.abs(SrgbTransfer.encode((float) x) - SrgbTransfer.encodeExact(x)));
        }
        assertTrue(worst < 2e-6, "encode error " + worst);
        assertEquals(0f, SrgbTransfer.encode(Float.NaN));
        assertEquals(0f, SrgbTransfer.encode(-1f));
        assertEquals(1f, SrgbTransfer.encode(7f));
    }

    @Test
    void every16BitCodeRoundTripsWithinOneStep() {
        long seed = 5;
        int worst = 0;
        for (int code = 0; code < 65536; code++) {
            float enc = SrgbTransfer.encode(SrgbTransfer.decode16(code));
            int q = ImageConversion.quantize(enc, 65535, Dither.noise(seed, code, 0, 0));
            worst = Math.max(worst, Math.abs(q - code));
        }
        assertTrue(worst <= 1, "16-bit round trip off by " + worst);
    }

    // --------------------------------------------------------------------------------- round trips

    @Test
    void every8BitStraightTypeRoundTripsExactly() {
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_USHORT_555_RGB, BufferedImage.TYPE_BYTE_BINARY};
        for (int type : types) {
            BufferedImage in = random(new BufferedImage(67, 41, type), type);
            BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(in), in);
            assertEquals(type, out.getType(), "type " + type);
            assertArrayEquals(samples(in), samples(out), "type " + type);
        }
        for (boolean gray : new boolean[] {false, true}) {
            BufferedImage in = random(custom(gray, true, DataBuffer.TYPE_BYTE, 33, 17), 9);
            BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(in), in);
            assertArrayEquals(samples(in), samples(out), "custom 8-bit gray=" + gray);
        }
    }

    @Test
    void all256CodesSurviveEvery8BitLayout() {
        // Every code in every channel position: rows of 256 pixels, channel c shifted so channels differ.
        BufferedImage in = new BufferedImage(256, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 256; x++) {
                in.getRaster().setPixel(x, y, new int[] {x, (x + 85 * (y + 1)) & 255, (x * 7) & 255, 255 - y});
            }
        }
        BufferedImage out = ImageConversion.toBufferedImage(ImageConversion.toFloatImage(in), 8, 1234);
        BufferedImage back = new BufferedImage(256, 3, BufferedImage.TYPE_INT_ARGB);
        back.getRaster().setRect(toArgbRaster(out));
        assertArrayEquals(samples(in), samples(back));
    }

    private static Raster toArgbRaster(BufferedImage abgr) {
        // 4BYTE_ABGR's raster bands are R, G, B, A in colour-model order: the same as INT_ARGB's.
        return abgr.getRaster();
    }

    @Test
    void premultipliedTypesRoundTripWithinOneCode() {
        for (int type : new int[] {BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_4BYTE_ABGR_PRE}) {
            BufferedImage in = random(new BufferedImage(64, 32, type), type);
            BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(in), in);
            assertEquals(type, out.getType());
            int[] a = samples(in);
            int[] b = samples(out);
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= 1, "type " + type + " sample " + i + ": " + a[i] + " -> " + b[i]);
            }
        }
    }

    @Test
    void premultipliedInputIsUnpremultipliedInTheEncodedDomain() {
        BufferedImage pre = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        pre.getRaster().setPixel(0, 0, new int[] {64, 32, 0, 128}); // straight encoded 0.5, 0.25, 0 at alpha 0.5
        FloatImage f = ImageConversion.toFloatImage(pre);
        assertEquals(SrgbTransfer.decodeExact(128 / 255.0), f.red()[0], 1e-3);
        assertEquals(SrgbTransfer.decodeExact(64 / 255.0), f.green()[0], 1e-3);
        assertEquals(128 / 255f, f.alpha()[0], 1e-6);
    }

    @Test
    void sixteenBitTypesRoundTripWithinOneStepAndStaySixteenBit() {
        BufferedImage[] ins = {
            random(new BufferedImage(50, 20, BufferedImage.TYPE_USHORT_GRAY), 1),
            random(custom(false, false, DataBuffer.TYPE_USHORT, 50, 20), 2),
            random(custom(false, true, DataBuffer.TYPE_USHORT, 50, 20), 3),
            random(custom(true, true, DataBuffer.TYPE_USHORT, 50, 20), 4)};
        for (BufferedImage in : ins) {
            BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(in), in);
            assertTrue(out.getRaster().getDataBuffer() instanceof DataBufferUShort, in.toString());
            assertEquals(in.getRaster().getNumBands(), out.getRaster().getNumBands());
            int[] a = samples(in);
            int[] b = samples(out);
            int worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst <= 1, in + " off by " + worst);
        }
    }

    @Test
    void sixteenBitOutputKeepsPrecisionThatEightBitsLoses() {
        // A 16-bit value between two 8-bit codes: the 16-bit path keeps it, 8 bits cannot.
        BufferedImage in = custom(false, false, DataBuffer.TYPE_USHORT, 1, 1);
        in.getRaster().setPixel(0, 0, new int[] {30000, 30100, 30200});
        FloatImage f = ImageConversion.toFloatImage(in);
        int[] back = samples(ImageConversion.toBufferedImage(f, 16, 1));
        assertArrayEquals(new int[] {30000, 30100, 30200}, back);
        int[] eight = samples(ImageConversion.toBufferedImage(f, 8, 1));
        assertEquals(eight[0], eight[1], 1); // 100/65535 is less than half an 8-bit step... only 1 code apart at most
    }

    @Test
    void indexedImagesReadTheirPaletteAndKeepTheirType() {
        byte[] r = {0, (byte) 255, 0, (byte) 200};
        byte[] g = {0, 0, (byte) 255, (byte) 200};
        byte[] b = {0, 0, 0, (byte) 200};
        byte[] a = {(byte) 255, (byte) 255, (byte) 128, 0};
        IndexColorModel icm = new IndexColorModel(2, 4, r, g, b, a);
        BufferedImage in = new BufferedImage(9, 3, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 9; x++) {
                in.getRaster().setSample(x, y, 0, (x + y) & 3);
            }
        }
        FloatImage f = ImageConversion.toFloatImage(in);
        assertTrue(f.hasAlpha());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 9; x++) {
                int i = (x + y) & 3;
                int p = y * 9 + x;
                assertEquals(SrgbTransfer.decode8(r[i] & 0xff), f.red()[p], 0f);
                assertEquals(SrgbTransfer.decode8(g[i] & 0xff), f.green()[p], 0f);
                assertEquals((a[i] & 0xff) / 255f, f.alpha()[p], 1e-6f);
            }
        }
        BufferedImage out = ImageConversion.toBufferedImageLike(f, in);
        assertEquals(BufferedImage.TYPE_BYTE_BINARY, out.getType());
        assertTrue(out.getColorModel() instanceof IndexColorModel);
    }

    @Test
    void subImagesAreReadAtTheirOffsetInEveryLayout() {
        for (BufferedImage big : everyInputKind(40, 30)) {
            BufferedImage sub = big.getSubimage(7, 5, 21, 13);
            BufferedImage copy = new BufferedImage(big.getColorModel(),
                    big.getColorModel().createCompatibleWritableRaster(21, 13),
                    big.getColorModel().isAlphaPremultiplied(), null);
            // Pixel by pixel on purpose: an independent path (setRect with an offset is unreliable between
            // some raster classes).
            int[] px = null;
            for (int y = 0; y < 13; y++) {
                for (int x = 0; x < 21; x++) {
                    px = big.getRaster().getPixel(x + 7, y + 5, px);
                    copy.getRaster().setPixel(x, y, px);
                }
            }
            FloatImage fs = ImageConversion.toFloatImage(sub);
            FloatImage fc = ImageConversion.toFloatImage(copy);
            for (int c = 0; c < (fc.hasAlpha() ? 4 : 3); c++) {
                assertArrayEquals(fc.plane(c), fs.plane(c), 0f, big + " channel " + c);
            }
        }
    }

    @Test
    void bandedRastersTakeTheGenericPath() {
        ColorSpace cs = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_INT);
        WritableRaster raster = Raster.createBandedRaster(DataBuffer.TYPE_INT, 5, 4, 3, null);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        raster.setPixel(2, 1, new int[] {Integer.MAX_VALUE, 0, Integer.MAX_VALUE / 2});
        FloatImage f = ImageConversion.toFloatImage(img);
        int p = 1 * 5 + 2;
        assertEquals(1f, f.red()[p], 1e-4f);
        assertEquals(0f, f.green()[p], 1e-6f);
        assertEquals(SrgbTransfer.decodeExact(0.5), f.blue()[p], 1e-3);
    }

    @Test
    void linearFloatRastersKeepSceneReferredValues() {
        ColorSpace lin = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel cm = new ComponentColorModel(lin, false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 1), false, null);
        img.getRaster().setPixel(1, 0, new float[] {3.5f, 0.25f, 0.001f});
        FloatImage f = ImageConversion.toFloatImage(img);
        assertEquals(3.5f, f.red()[1], 0f);
        assertEquals(0.25f, f.green()[1], 0f);
        assertEquals(0.001f, f.blue()[1], 0f);
    }

    // ----------------------------------------------------------------------------------- contracts

    @Test
    void everyTypeKeepsItsTypeThroughTheChainAndTheInputIsNeverMutated() {
        FilterChain chain = FilterChain.builder().add(new Exposure(0.3)).seed(7).threads(2).build();
        for (BufferedImage in : everyInputKind(31, 19)) {
            int[] before = samples(in);
            Object buffer = copyBuffer(in);
            BufferedImage out = chain.apply(in);
            assertEquals(in.getType(), out.getType(), "type of " + in);
            assertEquals(in.getColorModel().getClass(), out.getColorModel().getClass(), in.toString());
            assertEquals(in.getRaster().getNumBands(), out.getRaster().getNumBands(), in.toString());
            assertArrayEquals(in.getSampleModel().getSampleSize(), out.getSampleModel().getSampleSize(), in.toString());
            assertEquals(in.getColorModel().isAlphaPremultiplied(), out.getColorModel().isAlphaPremultiplied());
            assertArrayEquals(before, samples(in), "input mutated: " + in);
            assertTrue(sameBuffer(buffer, in), "input buffer mutated: " + in);
        }
    }

    private static Object copyBuffer(BufferedImage img) {
        DataBuffer db = img.getRaster().getDataBuffer();
        if (db instanceof DataBufferByte) {
            return ((DataBufferByte) db).getData().clone();
        }
        if (db instanceof DataBufferUShort) {
            return ((DataBufferUShort) db).getData().clone();
        }
        return ((DataBufferInt) db).getData().clone();
    }

    private static boolean sameBuffer(Object copy, BufferedImage img) {
        Object now = copyBuffer(img);
        if (copy instanceof byte[]) {
            return Arrays.equals((byte[]) copy, (byte[]) now);
        }
        if (copy instanceof short[]) {
            return Arrays.equals((short[]) copy, (short[]) now);
        }
        return Arrays.equals((int[]) copy, (int[]) now);
    }

    @Test
    void conversionIsIdenticalOnOneAndManyThreads() {
        for (BufferedImage in : everyInputKind(97, 61)) {
            FloatImage one = ImageConversion.toFloatImage(in, StripScheduler.sequential());
            FloatImage many = ImageConversion.toFloatImage(in, StripScheduler.ofThreads(8));
            for (int c = 0; c < (one.hasAlpha() ? 4 : 3); c++) {
                assertArrayEquals(one.plane(c), many.plane(c), 0f);
            }
            BufferedImage o1 = ImageConversion.toBufferedImageLike(one, in, 3, StripScheduler.sequential());
            BufferedImage o8 = ImageConversion.toBufferedImageLike(one, in, 3, StripScheduler.ofThreads(8));
            assertArrayEquals(samples(o1), samples(o8), in.toString());
        }
    }

    @Test
    void chainOnBufferedImagesIsBitIdenticalOnOneTwoAndEightThreads() {
        for (BufferedImage in : everyInputKind(83, 301)) {
            int[] ref = null;
            for (int threads : new int[] {1, 2, 8}) {
                BufferedImage out = FilterChain.builder().add(new Exposure(-0.4)).seed(11).threads(threads).build()
                        .apply(in);
                int[] s = samples(out);
                if (ref == null) {
                    ref = s;
                } else {
                    assertArrayEquals(ref, s, threads + " threads on " + in);
                }
            }
        }
    }

    @Test
    void outputOfAFloatImageWithoutAlphaIsOpaqueAndSceneValuesClip() {
        FloatImage img = FloatImage.filled(4, 4, 5f, -1f, Float.NaN);
        BufferedImage out = ImageConversion.toBufferedImage(img, 8, 1);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, out.getType());
        assertArrayEquals(new int[] {255, 0, 0}, out.getRaster().getPixel(2, 2, (int[]) null));
        assertThrows(IllegalArgumentException.class, () -> ImageConversion.toBufferedImage(img, 12, 1));
        BufferedImage argb = ImageConversion.toBufferedImageLike(img, new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB));
        assertEquals(255, argb.getRaster().getSample(1, 1, 3));
    }

    @Test
    void flattenOntoWhiteCompositesInLinearLight() {
        FloatImage img = FloatImage.create(2, 1, true);
        img.red()[0] = 0.2f;
        img.alpha()[0] = 0.25f;
        img.alpha()[1] = 0f;
        FloatImage flat = ImageConversion.flattenOntoWhite(img);
        assertFalse(flat.hasAlpha());
        assertEquals(0.2f * 0.25f + 0.75f, flat.red()[0], 1e-6f);
        assertEquals(0.75f, flat.green()[0], 1e-6f);
        assertEquals(1f, flat.blue()[1], 0f);
        assertEquals(0.25f, img.alpha()[0], 0f); // input untouched
        assertNull(ImageConversion.flattenOntoWhite(FloatImage.filled(1, 1, 0, 0, 0)).alpha());
    }

    @Test
    void outputProfileNamesSrgbForColourAndSrgbGrayForGray() {
        FloatImage f = FloatImage.filled(2, 2, 0.5f, 0.5f, 0.5f);
        BufferedImage rgb = ImageConversion.toBufferedImage(f, 8, 1);
        BufferedImage gray = ImageConversion.toBufferedImageLike(f, new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY));
        assertTrue(IccProfiles.isSrgb(ImageConversion.outputProfile(rgb)));
        assertEquals(ColorSpace.TYPE_GRAY, ImageConversion.outputProfile(gray).getColorSpaceType());
        IccProfiles.MatrixTrc m = IccProfiles.MatrixTrc.of(ImageConversion.outputProfile(gray));
        assertNotNull(m);
        assertTrue(m.curves[0].isSrgb());
    }
}
