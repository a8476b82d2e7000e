package dev.emulsion.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layouts the JDK's PNG reader really produces (16-bit RGB/RGBA, gray+alpha, palette with transparency)
 * are read correctly and written back in the same layout.
 */
class ImageIoLayoutsTest {

    static BufferedImage png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "png", bytes), "no PNG writer for " + img);
        return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void pngLayoutsRoundTripThroughTheirOwnType() throws IOException {
        BufferedImage[] sources = {
            ImageConversionTest.random(ImageConversionTest.custom(false, true, DataBuffer.TYPE_USHORT, 40, 20), 1),
            ImageConversionTest.random(ImageConversionTest.custom(false, false, DataBuffer.TYPE_USHORT, 40, 20), 2),
            ImageConversionTest.random(ImageConversionTest.custom(true, true, DataBuffer.TYPE_BYTE, 40, 20), 3),
            ImageConversionTest.random(ImageConversionTest.custom(true, true, DataBuffer.TYPE_USHORT, 40, 20), 4),
            ImageConversionTest.random(new BufferedImage(40, 20, BufferedImage.TYPE_USHORT_GRAY), 5)};
        for (BufferedImage src : sources) {
            BufferedImage read = png(src);
            assertArrayEquals(ImageConversionTest.samples(src), ImageConversionTest.samples(read), "PNG codec " + src);
            BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(read), read);
            assertEquals(read.getType(), out.getType());
            assertArrayEquals(read.getSampleModel().getSampleSize(), out.getSampleModel().getSampleSize());
            int[] a = ImageConversionTest.samples(read);
            int[] b = ImageConversionTest.samples(out);
            int tolerance = read.getSampleModel().getSampleSize(0) > 8 ? 1 : 0;
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= tolerance, read + " sample " + i + ": " + a[i] + " -> " + b[i]);
            }
        }
    }

    @Test
    void palettePngWithTransparencyKeepsColoursAndAlpha() throws IOException {
        byte[] r = {(byte) 255, 0, 0, 10};
        byte[] g = {0, (byte) 255, 0, 20};
        byte[] b = {0, 0, (byte) 255, 30};
        byte[] a = {(byte) 255, (byte) 255, (byte) 100, 0};
        BufferedImage src = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 4, r, g, b, a));
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                src.getRaster().setSample(x, y, 0, (x + 2 * y) & 3);
            }
        }
        BufferedImage read = png(src);
        assertTrue(read.getColorModel() instanceof IndexColorModel, read.toString());
        FloatImage f = ImageConversion.toFloatImage(read);
        assertTrue(f.hasAlpha());
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                int i = (x + 2 * y) & 3;
                assertEquals(SrgbTransfer.decode8(b[i] & 0xff), f.blue()[y * 16 + x], 0f);
                assertEquals((a[i] & 0xff) / 255f, f.alpha()[y * 16 + x], 1e-6f);
            }
        }
        BufferedImage out = ImageConversion.toBufferedImageLike(f, read);
        assertEquals(read.getType(), out.getType());
        assertArrayEquals(ImageConversionTest.samples(read), ImageConversionTest.samples(out),
                "palette indices survive when the colours are palette entries");
    }
}
