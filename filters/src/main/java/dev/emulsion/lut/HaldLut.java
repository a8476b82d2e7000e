package dev.emulsion.lut;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes Hald CLUT images. A Hald image of level {@code L} (2–16) is a square of {@code L³ × L³}
 * pixels holding an {@code (L²)³} lattice: pixel number {@code r + N·(g + N·b)} (row-major, {@code N = L²})
 * holds the output for input {@code (r, g, b)/(N − 1)}. Level 8 is 512 × 512 pixels, a 64³ lattice. Samples
 * of any bit depth are normalised to [0, 1]; 16-bit PNGs keep 1/65535 precision.
 */
public final class HaldLut {
    /** Smallest level. */
    public static final int MIN_LEVEL = 2;
    /** Largest level (a 256³ lattice, 4096 × 4096 pixels). */
    public static final int MAX_LEVEL = 16;

    private HaldLut() {
    }

    /**
     * Reads a Hald image file (any format ImageIO reads; PNG or TIFF for 16 bits).
     *
     * @throws IOException        if the file cannot be read
     * @throws LutFormatException if it is not an image or not a Hald CLUT
     */
    public static Lut3D read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new LutFormatException(file + ": not an image format this program reads");
        }
        return read(img, file.toString());
    }

    /** Reads a Hald image; see {@link #read(BufferedImage, String)}. */
    public static Lut3D read(BufferedImage img) {
        return read(img, "Hald image");
    }

    /**
     * Reads a Hald image.
     *
     * @param img    a square image of L³ × L³ pixels
     * @param source the name used in error messages
     * @throws LutFormatException if the size is not that of a Hald level 2–16
     */
    public static Lut3D read(BufferedImage img, String source) {
        int w = img.getWidth();
        int h = img.getHeight();
        int level = 0;
        for (int l = MIN_LEVEL; l <= MAX_LEVEL; l++) {
            if (l * l * l == w) {
                level = l;
            }
        }
        if (w != h || level == 0) {
            throw new LutFormatException(source + ": " + w + "x" + h + " pixels is not a Hald CLUT: allowed is a square of L³ × L³ pixels, L = "
                    + MIN_LEVEL + " to " + MAX_LEVEL + " (8 → 512x512)");
        }
        int n = level * level;
        float[] lattice = new float[3 * n * n * n];
        Raster ras = img.getRaster();
        boolean direct = (img.getColorModel() instanceof ComponentColorModel
                || img.getColorModel() instanceof DirectColorModel) && ras.getNumBands() >= 3
                && img.getColorModel().getColorSpace().isCS_sRGB();
        float[] scale = new float[3];
        if (direct) {
            for (int c = 0; c < 3; c++) {
                scale[c] = (float) (1.0 / ((1L << ras.getSampleModel().getSampleSize(c)) - 1));
            }
        }
        int[] px = new int[ras.getNumBands()];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (direct) {
                    ras.getPixel(x, y, px);
                    lattice[i++] = px[0] * scale[0];
                    lattice[i++] = px[1] * scale[1];
                    lattice[i++] = px[2] * scale[2];
                } else {
                    int argb = img.getRGB(x, y);
                    lattice[i++] = ((argb >> 16) & 255) / 255f;
                    lattice[i++] = ((argb >> 8) & 255) / 255f;
                    lattice[i++] = (argb & 255) / 255f;
                }
            }
        }
        return Lut3D.of(n, lattice);
    }

    /**
     * Writes a LUT's lattice as a 16-bit RGB Hald image.
     *
     * @param lut a 3D LUT whose size is a square L² (L = 2–16), values in [0, 1] (others are clamped)
     * @return a 16-bit-per-channel image of L³ × L³ pixels, ready for {@code ImageIO.write(img, "png", f)}
     */
    public static BufferedImage toImage(Lut3D lut) {
        int n = lut.size();
        int level = (int) Math.round(Math.sqrt(n));
        if (level * level != n || level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("a Hald image needs a lattice size L², L = 2 to 16; this LUT has " + n);
        }
        int side = level * level * level;
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster ras = cm.createCompatibleWritableRaster(side, side);
        float[] l = lut.lattice();
        int[] row = new int[3 * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = 3 * (y * side + x);
                for (int c = 0; c < 3; c++) {
                    row[3 * x + c] = (int) Math.round(Math.min(1.0, Math.max(0.0, l[i + c])) * 65535.0);
                }
            }
            ras.setPixels(0, y, side, 1, row);
        }
        return new BufferedImage(cm, ras, false, null);
    }
}
