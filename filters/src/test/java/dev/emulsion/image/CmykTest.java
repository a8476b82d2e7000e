package dev.emulsion.image;

import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CMYK images go through the colour engine. The JDK ships no CMYK profile, so this test builds a minimal
 * one: an ICC v2 output profile whose A2B0 is a lut16 with a 2-point grid per ink, describing ideal
 * subtractive inks (linear R = (1 - C)(1 - K), and so on) in the XYZ connection space.
 */
class CmykTest {

    static ICC_Profile idealCmyk() {
        double[] srgbD50 = IccProfiles.colorants(ICC_Profile.getInstance(ColorSpace.CS_sRGB));
        ByteBuffer lut = ByteBuffer.allocate(52 + 4 * 2 * 2 + 16 * 3 * 2 + 3 * 2 * 2);
        lut.put("mft2".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        lut.put((byte) 4).put((byte) 3).put((byte) 2).put((byte) 0);
        for (int i = 0; i < 9; i++) {
            lut.putInt(i % 4 == 0 ? 0x10000 : 0);
        }
        lut.putShort((short) 2).putShort((short) 2);
        for (int i = 0; i < 4; i++) {
            lut.putShort((short) 0).putShort((short) 0xffff);
        }
        for (int g = 0; g < 16; g++) { // C is the slowest-varying input, K the fastest
            double c = (g >> 3) & 1;
            double m = (g >> 2) & 1;
            double y = (g >> 1) & 1;
            double k = g & 1;
            double[] rgb = {(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)};
            double[] xyz = IccProfiles.apply(srgbD50, rgb);
            for (double v : xyz) {
                lut.putShort((short) Math.round(Math.min(65535, v * 32768)));
            }
        }
        for (int i = 0; i < 3; i++) {
            lut.putShort((short) 0).putShort((short) 0xffff);
        }
        byte[] a2b0 = lut.array();
        byte[] desc = ByteBuffer.allocate(12 + 5 + 4 + 8 + 3 + 67).put("desc".getBytes(StandardCharsets.US_ASCII))
                .putInt(0).putInt(5).put("cmyk\0".getBytes(StandardCharsets.US_ASCII)).array();
        byte[] wtpt = ByteBuffer.allocate(20).put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .putInt(0xF6D6).putInt(0x10000).putInt(0xD32D).array();
        byte[] cprt = ByteBuffer.allocate(16).put("text".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .put("none\0\0\0\0".getBytes(StandardCharsets.US_ASCII)).array();
        String[] sigs = {"desc", "cprt", "wtpt", "A2B0"};
        byte[][] tags = {desc, cprt, wtpt, a2b0};
        int pos = 128 + 4 + 12 * tags.length;
        int[] offs = new int[tags.length];
        for (int i = 0; i < tags.length; i++) {
            offs[i] = pos;
            pos += (tags[i].length + 3) & ~3;
        }
        ByteBuffer b = ByteBuffer.allocate(pos);
        b.putInt(pos).putInt(0).putInt(0x02100000).put("prtr".getBytes(StandardCharsets.US_ASCII))
                .put("CMYK".getBytes(StandardCharsets.US_ASCII)).put("XYZ ".getBytes(StandardCharsets.US_ASCII));
        b.position(36);
        b.put("acsp".getBytes(StandardCharsets.US_ASCII));
        b.position(64);
        b.putInt(1); // relative colorimetric
        b.putInt(0xF6D6).putInt(0x10000).putInt(0xD32D);
        b.position(128);
        b.putInt(tags.length);
        for (int i = 0; i < tags.length; i++) {
            b.put(sigs[i].getBytes(StandardCharsets.US_ASCII)).putInt(offs[i]).putInt(tags[i].length);
        }
        for (int i = 0; i < tags.length; i++) {
            b.position(offs[i]);
            b.put(tags[i]);
        }
        return ICC_Profile.getInstance(b.array());
    }

    static BufferedImage cmyk(int c, int m, int y, int k) {
        ComponentColorModel cm = new ComponentColorModel(new ICC_ColorSpace(idealCmyk()), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 2), false, null);
        for (int i = 0; i < 4; i++) {
            img.getRaster().setPixel(i & 1, i >> 1, new int[] {c, m, y, k});
        }
        return img;
    }

    @Test
    void cmykIsConvertedByTheEngineNotReinterpreted() {
        assertNull(IccProfiles.MatrixTrc.of(idealCmyk()));
        FloatImage paper = ImageConversion.toFloatImage(cmyk(0, 0, 0, 0));
        assertFalse(paper.hasAlpha());
        assertEquals(1f, paper.red()[0], 0.01f);
        assertEquals(1f, paper.green()[0], 0.01f);
        assertEquals(1f, paper.blue()[0], 0.01f);
        FloatImage cyan = ImageConversion.toFloatImage(cmyk(255, 0, 0, 0));
        assertEquals(0f, cyan.red()[3], 0.01f);
        assertEquals(1f, cyan.green()[3], 0.01f);
        assertEquals(1f, cyan.blue()[3], 0.01f);
        FloatImage halfBlack = ImageConversion.toFloatImage(cmyk(0, 0, 0, 128));
        assertEquals(1 - 128 / 255f, halfBlack.green()[1], 0.02f);
        FloatImage black = ImageConversion.toFloatImage(cmyk(0, 0, 0, 255));
        assertTrue(black.red()[2] < 0.01f && black.blue()[2] < 0.01f);
        // Type kept where it can be: a CMYK input has no sRGB twin, so it comes back as 8-bit RGB.
        BufferedImage out = ImageConversion.toBufferedImageLike(cyan, cmyk(255, 0, 0, 0));
        assertTrue(out.getColorModel().getColorSpace().isCS_sRGB());
        assertEquals(3, out.getRaster().getNumBands());
    }
}
