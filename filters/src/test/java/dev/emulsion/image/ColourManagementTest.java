package dev.emulsion.image;

import dev.emulsion.color.ColorMath;
import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tagged images are converted colorimetrically: our float conversion must agree with the JDK's colour engine
 * (LittleCMS behind {@link ColorConvertOp}) within ΔE2000 1, and reading the same codes as sRGB must not.
 */
class ColourManagementTest {

    /** A random image tagged with {@code profile}: 600 random colours plus the primaries, white and black. */
    static BufferedImage tagged(ICC_Profile profile, int transferType, boolean alpha) {
        ICC_ColorSpace cs = new ICC_ColorSpace(profile);
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, transferType);
        int w = 40;
        int h = 16;
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        int max = transferType == DataBuffer.TYPE_USHORT ? 65535 : 255;
        int n = cs.getNumComponents();
        SplittableRandom rnd = new SplittableRandom(42);
        int[] px = new int[n + (alpha ? 1 : 0)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                for (int c = 0; c < n; c++) {
                    px[c] = i < 3 && n == 3 ? (c == i ? max : 0) : i == 3 ? max : i == 4 ? 0 : rnd.nextInt(max + 1);
                }
                if (alpha) {
                    px[n] = rnd.nextInt(max + 1);
                }
                img.getRaster().setPixel(x, y, px);
            }
        }
        return img;
    }

    /** @return the JDK engine's conversion of {@code img} to 16-bit sRGB, as linear values */
    static double[][] engine(BufferedImage img) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage dst = new BufferedImage(cm, cm.createCompatibleWritableRaster(img.getWidth(), img.getHeight()),
                false, null);
        new ColorConvertOp(img.getColorModel().getColorSpace(), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                .filter(img, dst);
        int n = img.getWidth() * img.getHeight();
        double[][] out = new double[n][3];
        int[] px = new int[3];
        for (int i = 0; i < n; i++) {
            dst.getRaster().getPixel(i % img.getWidth(), i / img.getWidth(), px);
            for (int c = 0; c < 3; c++) {
                out[i][c] = SrgbTransfer.decodeExact(px[c] / 65535.0);
            }
        }
        return out;
    }

    /** @return the largest ΔE2000 between ours (clipped to the sRGB gamut, as the engine clips) and the engine */
    static double worstDeltaE(FloatImage ours, double[][] engine) {
        double worst = 0;
        for (int i = 0; i < engine.length; i++) {
            double[] a = ColorMath.linearSrgbToLab(clip(ours.red()[i]), clip(ours.green()[i]), clip(ours.blue()[i]));
            double[] b = ColorMath.linearSrgbToLab(engine[i][0], engine[i][1], engine[i][2]);
            worst = Math.max(worst, ColorMath.deltaE2000(a, b));
        }
        return worst;
    }

    private static double clip(float v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Reinterprets the image's codes as sRGB: the wrong implementation the tests must reject. */
    static BufferedImage asSrgb(BufferedImage img) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                img.getColorModel().hasAlpha(), false, img.getColorModel().getTransparency(),
                img.getSampleModel().getTransferType());
        return new BufferedImage(cm, img.getRaster(), false, null);
    }

    @Test
    void displayP3MatchesTheJdkEngineWithinDeltaE1() {
        for (int tt : new int[] {DataBuffer.TYPE_BYTE, DataBuffer.TYPE_USHORT}) {
            BufferedImage img = tagged(IccProfiles.displayP3(), tt, false);
            double[][] ref = engine(img);
            double ours = worstDeltaE(ImageConversion.toFloatImage(img), ref);
            assertTrue(ours < 1.0, "Display P3 worst ΔE2000 " + ours);
            // Negative control: the same codes read as sRGB are visibly wrong.
            double wrong = worstDeltaE(ImageConversion.toFloatImage(asSrgb(img)), ref);
            assertTrue(wrong > 3.0, "reinterpreting P3 as sRGB must fail the check, ΔE " + wrong);
        }
    }

    @Test
    void adobeRgbProPhotoAndGrayGammaMatchTheJdkEngine() {
        ICC_Profile[] profiles = {IccProfiles.adobeRgb(), IccProfiles.proPhoto(), IccProfiles.grayGamma(2.2),
            IccProfiles.srgbGray()};
        for (ICC_Profile p : profiles) {
            BufferedImage img = tagged(p, DataBuffer.TYPE_BYTE, true);
            double ours = worstDeltaE(ImageConversion.toFloatImage(img), engine(img));
            assertTrue(ours < 1.0, IccProfiles.description(p) + " worst ΔE2000 " + ours);
        }
    }

    @Test
    void lutAndNonRgbSpacesGoThroughTheEngine() {
        // PYCC is a LUT-based profile the JDK ships: it takes the colour-engine path.
        assertNull(IccProfiles.MatrixTrc.of(ICC_Profile.getInstance(ColorSpace.CS_PYCC)));
        BufferedImage img = tagged(ICC_Profile.getInstance(ColorSpace.CS_PYCC), DataBuffer.TYPE_BYTE, true);
        FloatImage f = ImageConversion.toFloatImage(img);
        assertTrue(worstDeltaE(f, engine(img)) < 1.0);
        assertTrue(f.hasAlpha());
        assertEquals(img.getRaster().getSample(5, 3, 3) / 255f, f.alpha()[3 * 40 + 5], 1e-4f);
    }

    @Test
    void builtProfilesHaveTheirPublishedPrimariesAndWhite() {
        double[][] p3 = {{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}};
        checkPrimaries(IccProfiles.displayP3(), p3, new double[] {0.3127, 0.3290});
        double[][] adobe = {{0.64, 0.33}, {0.21, 0.71}, {0.15, 0.06}};
        checkPrimaries(IccProfiles.adobeRgb(), adobe, new double[] {0.3127, 0.3290});
        assertEquals(ICC_Profile.CLASS_DISPLAY, IccProfiles.displayP3().getProfileClass());
        assertEquals(4, IccProfiles.displayP3().getMajorVersion());
        assertEquals("Display P3 (Emulsion)", IccProfiles.description(IccProfiles.displayP3()));
    }

    /** Undoes the D50 adaptation stored in the profile ({@code chad}) and checks each primary's xy. */
    private static void checkPrimaries(ICC_Profile p, double[][] xy, double[] white) {
        double[] d65 = {white[0] / white[1], 1, (1 - white[0] - white[1]) / white[1]};
        double[] back = IccProfiles.bradford(IccProfiles.D50, d65);
        double[] colorants = IccProfiles.mul(back, IccProfiles.colorants(p));
        for (int c = 0; c < 3; c++) {
            double x = colorants[c];
            double y = colorants[3 + c];
            double z = colorants[6 + c];
            assertEquals(xy[c][0], x / (x + y + z), 0.001, "x of primary " + c);
            assertEquals(xy[c][1], y / (x + y + z), 0.001, "y of primary " + c);
        }
        double[] w = IccProfiles.apply(colorants, new double[] {1, 1, 1});
        assertEquals(white[0], w[0] / (w[0] + w[1] + w[2]), 0.0005);
        assertEquals(white[1], w[1] / (w[0] + w[1] + w[2]), 0.0005);
    }

    @Test
    void whiteStaysWhiteAndOutOfGamutColoursAreKeptNotClipped() {
        for (ICC_Profile p : new ICC_Profile[] {IccProfiles.displayP3(), IccProfiles.adobeRgb(), IccProfiles.proPhoto()}) {
            FloatImage white = ImageConversion.toFloatImage(single(p, 255, 255, 255));
            assertEquals(1f, white.red()[0], 0.002f);
            assertEquals(1f, white.green()[0], 0.002f);
            assertEquals(1f, white.blue()[0], 0.002f);
        }
        // P3 pure green lies outside sRGB: linear sRGB red and blue go negative, green above 1.
        FloatImage green = ImageConversion.toFloatImage(single(IccProfiles.displayP3(), 0, 255, 0));
        assertTrue(green.red()[0] < -0.1f, "red " + green.red()[0]);
        assertTrue(green.green()[0] > 1.0f, "green " + green.green()[0]);
        assertTrue(green.blue()[0] < -0.01f, "blue " + green.blue()[0]);
        // Known value: P3 green in linear sRGB is about (-0.225, 1.042, -0.079).
        assertEquals(-0.2253, green.red()[0], 0.003);
        assertEquals(1.0419, green.green()[0], 0.003);
        assertEquals(-0.0786, green.blue()[0], 0.003);
    }

    private static BufferedImage single(ICC_Profile p, int r, int g, int b) {
        ComponentColorModel cm = new ComponentColorModel(new ICC_ColorSpace(p), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(1, 1), false, null);
        img.getRaster().setPixel(0, 0, new int[] {r, g, b});
        return img;
    }

    @Test
    void srgbProfilesAreRecognisedAndTakeTheExactPath() {
        ICC_Profile copy = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        assertTrue(IccProfiles.isSrgb(copy));
        // Built independently with the sRGB primaries and curve: also sRGB.
        ICC_Profile built = ICC_Profile.getInstance(IccProfiles.rgbProfileBytes("x",
                new double[] {0.64, 0.33, 0.30, 0.60, 0.15, 0.06}, 0.3127, 0.3290, 3,
                new double[] {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045}));
        assertTrue(IccProfiles.isSrgb(built));
        assertFalse(IccProfiles.isSrgb(IccProfiles.displayP3()));
        assertFalse(IccProfiles.isSrgb(IccProfiles.adobeRgb()));
        assertFalse(IccProfiles.isSrgb(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)));
        // An 8-bit image tagged with such a copy round-trips exactly.
        BufferedImage img = ImageConversionTest.random(new BufferedImage(
                new ComponentColorModel(new ICC_ColorSpace(built), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE),
                new ComponentColorModel(new ICC_ColorSpace(built), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE)
                        .createCompatibleWritableRaster(32, 8), false, null), 3);
        BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(img), img);
        assertTrue(out.getColorModel().getColorSpace().isCS_sRGB());
        assertEquals(java.util.Arrays.toString(ImageConversionTest.samples(img)),
                java.util.Arrays.toString(ImageConversionTest.samples(out)));
    }

    @Test
    void grayTaggedWithTheSrgbCurveRoundTripsExactlyAndGammaGrayDoesNot() {
        BufferedImage img = tagged(IccProfiles.srgbGray(), DataBuffer.TYPE_BYTE, false);
        BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(img), img);
        assertEquals(java.util.Arrays.toString(ImageConversionTest.samples(img)),
                java.util.Arrays.toString(ImageConversionTest.samples(out)));
        // Negative control: a gamma-1.8 gray profile means other light, so the sRGB-encoded output differs.
        BufferedImage g18 = tagged(IccProfiles.grayGamma(1.8), DataBuffer.TYPE_BYTE, false);
        BufferedImage out18 = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(g18), g18);
        assertFalse(java.util.Arrays.equals(ImageConversionTest.samples(g18), ImageConversionTest.samples(out18)));
    }

    @Test
    void aSixteenBitP3ImageComesOutOfTheChainAsSixteenBitSrgbWithTheRightColours() {
        BufferedImage img = tagged(IccProfiles.displayP3(), DataBuffer.TYPE_USHORT, true);
        BufferedImage out = dev.emulsion.chain.FilterChain.builder().seed(3).build().apply(img);
        assertTrue(out.getColorModel().getColorSpace().isCS_sRGB());
        assertEquals(16, out.getColorModel().getComponentSize(0));
        assertTrue(out.getColorModel().hasAlpha());
        double[][] ref = engine(img);
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            int[] px = out.getRaster().getPixel(i % img.getWidth(), i / img.getWidth(), (int[]) null);
            double[] a = ColorMath.linearSrgbToLab(SrgbTransfer.decodeExact(px[0] / 65535.0),
                    SrgbTransfer.decodeExact(px[1] / 65535.0), SrgbTransfer.decodeExact(px[2] / 65535.0));
            worst = Math.max(worst, ColorMath.deltaE2000(a, ColorMath.linearSrgbToLab(ref[i][0], ref[i][1], ref[i][2])));
        }
        assertTrue(worst < 1.0, "worst ΔE2000 " + worst);
        assertEquals(img.getRaster().getSample(9, 2, 3), out.getRaster().getSample(9, 2, 3), 1);
    }

    @Test
    void builtProfilesSurviveAByteRoundTripThroughTheJdkParser() {
        for (ICC_Profile p : new ICC_Profile[] {IccProfiles.displayP3(), IccProfiles.adobeRgb(), IccProfiles.proPhoto(),
            IccProfiles.srgbGray(), IccProfiles.grayGamma(1.8)}) {
            byte[] data = p.getData();
            assertEquals(data.length, ((data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8
                    | (data[3] & 0xff)));
            ICC_Profile again = ICC_Profile.getInstance(data);
            assertNotNull(IccProfiles.MatrixTrc.of(again));
            // The engine can build a transform with it both ways.
            ICC_ColorSpace cs = new ICC_ColorSpace(again);
            float[] xyz = cs.toCIEXYZ(new float[cs.getNumComponents()]);
            assertEquals(0f, xyz[1], 0.01f);
        }
    }
}
