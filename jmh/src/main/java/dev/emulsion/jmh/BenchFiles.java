package dev.emulsion.jmh;

import dev.emulsion.image.ImageConversion;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Image files for the end-to-end measurements: the benchmark scene ({@link BenchImages#scene(double)})
 * written as JPEG, so every run decodes the same file without needing fixtures.
 *
 * <p>JPEG decoding and encoding time grows with the entropy of the picture, and the smooth scene alone
 * compresses far better than a photograph (under 1 bit per pixel at quality 92). Before encoding, a
 * deterministic luminance texture of ±{@value #DETAIL_CODES} 8-bit codes is added, which brings the file to
 * about 2.5 bits per pixel, in the range of a detailed camera JPEG (a 24 MP file of 7–8 MB), so the
 * decode + encode baseline is not flattered.
 *
 * <p>Command: {@code BenchFiles OUT.jpg MP} writes one file; {@code BenchFiles --batch DIR COUNT MP} writes
 * {@code COUNT} different files (the scene shifted per file, so content-derived seeds differ as in a real
 * batch) named {@code img-000.jpg} ....
 */
public final class BenchFiles {
    /** JPEG quality of the inputs and of every output in the end-to-end measurements (issue 7: Q92). */
    public static final float QUALITY = 0.92f;

    /** Amplitude of the added luminance texture, in 8-bit codes (uniform in ±this). */
    public static final int DETAIL_CODES = 10;

    private BenchFiles() {
    }

    /**
     * Writes a JPEG at {@link #QUALITY} with the first JPEG writer ImageIO offers.
     *
     * @param img an 8-bit RGB image
     * @param out the file (replaced)
     * @throws IOException if writing fails
     */
    public static void writeJpeg(BufferedImage img, Path out) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        if (!it.hasNext()) {
            throw new IOException("no JPEG writer is registered with ImageIO");
        }
        ImageWriter w = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(Files.newOutputStream(out))) {
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(QUALITY);
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    /**
     * Writes the scene of {@code mp} megapixels as a JPEG.
     *
     * @param out   the file
     * @param mp    megapixels
     * @param shift 0 for the plain scene; another value rolls the rows by that fraction of the height
     * @throws IOException if writing fails
     */
    public static void writeScene(Path out, double mp, double shift) throws IOException {
        BufferedImage img = ImageConversion.toBufferedImage(BenchImages.scene(mp), 8, 7);
        addDetail(img);
        if (shift != 0) {
            int h = img.getHeight();
            int dy = (int) Math.floorMod(Math.round(shift * h), (long) h);
            BufferedImage rolled = new BufferedImage(img.getWidth(), h, img.getType());
            rolled.getRaster().setRect(0, dy, img.getRaster().createChild(0, 0, img.getWidth(), h - dy, 0, 0, null));
            rolled.getRaster().setRect(0, dy - h, img.getRaster());
            img = rolled;
        }
        writeJpeg(img, out);
    }

    /** Adds the photo-like luminance texture (see the class comment) to an 8-bit interleaved image. */
    static void addDetail(BufferedImage img) {
        if (!(img.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte)) {
            throw new IllegalArgumentException("expected an 8-bit interleaved image, got type " + img.getType());
        }
        byte[] d = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int bands = img.getRaster().getNumBands();
        for (int i = 0; i < d.length; i += bands) {
            long z = dev.emulsion.chain.RenderContext.mix(0xDE7A11L + i / bands);
            int n = (int) Math.round(((z >>> 40) * 0x1p-24 * 2 - 1) * DETAIL_CODES);
            for (int b = 0; b < bands; b++) {
                d[i + b] = (byte) Math.max(0, Math.min(255, (d[i + b] & 0xFF) + n));
            }
        }
    }

    /**
     * Command line: see the class comment.
     *
     * @param args arguments
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2) {
            writeScene(Path.of(args[0]), BenchImages.parseMegapixels(args[1]), 0);
        } else if (args.length == 4 && args[0].equals("--batch")) {
            Path dir = Files.createDirectories(Path.of(args[1]));
            int count = Integer.parseInt(args[2]);
            double mp = BenchImages.parseMegapixels(args[3]);
            for (int i = 0; i < count; i++) {
                writeScene(dir.resolve(String.format("img-%03d.jpg", i)), mp, (double) i / count);
            }
        } else {
            System.err.println("usage: BenchFiles OUT.jpg MP | BenchFiles --batch DIR COUNT MP");
            System.exit(2);
        }
    }
}
