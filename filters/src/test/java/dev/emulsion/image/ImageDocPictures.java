package dev.emulsion.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writes the pictures of {@code docs/image.md} to {@code docs/img/}. Runs only with
 * {@code -Demulsion.docs=true}:
 * <pre>mvn -q -B -pl filters test -Dtest=ImageDocPictures -Demulsion.docs=true</pre>
 */
class ImageDocPictures {
    static final File OUT = new File("../docs/img");

    @Test
    void writePictures() throws IOException {
        assumeTrue(Boolean.getBoolean("emulsion.docs"), "run with -Demulsion.docs=true to write the doc pictures");
        OUT.mkdirs();
        banding();
        displayP3();
    }

    /**
     * A dark 16-bit gradient quantized to 8 bits, undithered (top) and dithered (bottom), with the contrast
     * raised 12x around its middle so that the 8-bit steps are visible on any screen.
     */
    private static void banding() throws IOException {
        int w = 768;
        int h = 96;
        FloatImage f = FloatImage.create(w, h, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = (float) SrgbTransfer.decodeExact(0.10 + 0.04 * x / (w - 1));
                f.red()[y * w + x] = v;
                f.green()[y * w + x] = v;
                f.blue()[y * w + x] = v;
            }
        }
        BufferedImage dithered = ImageConversion.toBufferedImage(f, 8, 7);
        BufferedImage out = new BufferedImage(w, 2 * h + 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int plain = ImageConversion.quantize(SrgbTransfer.encode(f.red()[y * w + x]), 255, 0f);
                int dith = dithered.getRaster().getSample(x, y, 0);
                out.getRaster().setSample(x, y, 0, stretch(plain));
                out.getRaster().setSample(x, y + h + 4, 0, stretch(dith));
            }
        }
        ImageIO.write(out, "png", new File(OUT, "image-banding.png"));
    }

    private static int stretch(int code) {
        return Math.max(0, Math.min(255, 128 + (code - 31) * 12));
    }

    /**
     * The astronaut photo stored as Display P3 codes: read as if it were sRGB (left, the common bug: dull
     * colours) and converted colorimetrically (right, matches the original).
     */
    private static void displayP3() throws IOException {
        File src = FixtureRoundTripTest.fixtureFile("astronaut.png");
        BufferedImage srgb = ImageIO.read(src);
        int w = srgb.getWidth();
        int h = srgb.getHeight();
        ICC_ColorSpace p3 = new ICC_ColorSpace(IccProfiles.displayP3());
        ComponentColorModel cm = new ComponentColorModel(p3, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage tagged = new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        new ColorConvertOp(srgb.getColorModel().getColorSpace(), p3, null).filter(srgb, tagged);
        ComponentColorModel naiveCm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage naive = new BufferedImage(naiveCm, tagged.getRaster(), false, null);
        BufferedImage left = ImageConversion.toBufferedImage(ImageConversion.toFloatImage(naive), 8, 1);
        BufferedImage right = ImageConversion.toBufferedImage(ImageConversion.toFloatImage(tagged), 8, 1);
        int half = w / 2;
        int ch = 260;
        BufferedImage out = new BufferedImage(2 * half + 4, ch, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(left, 0, 0, half, ch, w / 4, 40, w / 4 + half, 40 + ch, null);
        g.drawImage(right, half + 4, 0, 2 * half + 4, ch, w / 4, 40, w / 4 + half, 40 + ch, null);
        g.dispose();
        ImageIO.write(out, "png", new File(OUT, "image-display-p3.png"));
    }
}
