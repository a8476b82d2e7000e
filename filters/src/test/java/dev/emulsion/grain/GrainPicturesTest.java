package dev.emulsion.grain;

import dev.emulsion.chain.FilmFormat;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders the before/after pictures of docs/grain.md (issue 3, item 9). Writes only when run with
 * {@code -Demulsion.docs=true}:
 *
 * <pre>mvn -q -B -pl filters test -Dtest=GrainPicturesTest -Demulsion.docs=true</pre>
 *
 * <p>The 512 px fixtures are enlarged (bicubic) and treated as a full 35 mm frame: 4× gives 2048 px, a
 * pixel of 17.6 µm on film, the grain a 100 % view of a 4 MP scan shows; 8× gives 4096 px, 8.8 µm, the
 * grain of a 4000 dpi-class scan. Crops are 100 %, before on the left, after on the right.
 */
class GrainPicturesTest {
    /** Kodak Portra 800 (PGI 48, RMS-equivalent about 5.6 [EST], film-stocks.md). */
    static final Grain PORTRA_800 = Grain.builder().granularity(5.6).clumpSize(22).build();
    /** Kodak Tri-X 400 (RMS 17, F-4017). */
    static final Grain TRI_X_400 = Grain.builder().granularity(17).mono().clumpSize(24).build();

    @Test
    void renderDocPictures() throws IOException {
        if (!Boolean.getBoolean("emulsion.docs")) {
            return;
        }
        Path out = docsImg();
        // A 2048 px frame (17.6 µm per pixel): a 4 MP scan, where grain is close to per-pixel.
        render(fixture("astronaut.png"), 4, 175, 70, 300, 280, "astronaut", out);
        render(fixture("coffee.png"), 4, 320, 150, 300, 280, "coffee", out);
        // A 4096 px frame (8.8 µm per pixel): a 4000 dpi-class scan, where the clumps are resolved.
        render(fixture("astronaut.png"), 8, 205, 120, 300, 280, "astronaut-4000dpi", out);
        render(fixture("coffee.png"), 8, 345, 170, 300, 280, "coffee-4000dpi", out);
    }

    /**
     * Enlarges the fixture {@code scale}×, renders it as a 35 mm frame, and writes before/after crops at
     * ({@code cx}, {@code cy}) in fixture pixels, {@code cw × ch} pixels of the enlarged image.
     */
    private static void render(BufferedImage src, int scale, int cx, int cy, int cw, int ch, String name, Path dir)
            throws IOException {
        BufferedImage big = enlarge(src, scale);
        cx *= scale;
        cy *= scale;
        FloatImage lin = ImageConversion.toFloatImage(big);
        RenderContext ctx = RenderContext.defaults().withSeed(2026).withFormat(FilmFormat.FULL_FRAME_35MM);
        FloatImage colour = PORTRA_800.apply(lin, ctx);
        FloatImage grey = luminance(lin);
        FloatImage bw = TRI_X_400.apply(grey, ctx);
        writePair(crop(ImageConversion.toBufferedImage(lin, 8, 1), cx, cy, cw, ch),
                crop(ImageConversion.toBufferedImage(colour, 8, 1), cx, cy, cw, ch),
                dir.resolve("grain-" + name + "-colour.png"), false);
        writePair(crop(toGrey(grey), cx, cy, cw, ch), crop(toGrey(bw), cx, cy, cw, ch),
                dir.resolve("grain-" + name + "-bw.png"), true);
    }

    /** Rec. 709 luminance in linear light, in all three channels (a stand-in for the monochrome stage). */
    static FloatImage luminance(FloatImage img) {
        FloatImage g = img.blankLike();
        for (int i = 0; i < img.pixelCount(); i++) {
            float y = 0.2126f * img.red()[i] + 0.7152f * img.green()[i] + 0.0722f * img.blue()[i];
            g.red()[i] = y;
            g.green()[i] = y;
            g.blue()[i] = y;
        }
        return g;
    }

    private static BufferedImage toGrey(FloatImage img) {
        return ImageConversion.toBufferedImageLike(img, new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY));
    }

    private static BufferedImage enlarge(BufferedImage src, int f) {
        BufferedImage rgb = new BufferedImage(src.getWidth() * f, src.getHeight() * f, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, rgb.getWidth(), rgb.getHeight(), null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage crop(BufferedImage img, int x, int y, int w, int h) {
        return img.getSubimage(x, y, w, h);
    }

    private static void writePair(BufferedImage before, BufferedImage after, Path file, boolean grey)
            throws IOException {
        int gap = 6;
        BufferedImage pair = new BufferedImage(before.getWidth() * 2 + gap, before.getHeight(),
                grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = pair.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, pair.getWidth(), pair.getHeight());
        g.drawImage(before, 0, 0, null);
        g.drawImage(after, before.getWidth() + gap, 0, null);
        g.dispose();
        assertTrue(ImageIO.write(pair, "png", file.toFile()), "PNG writer available");
        System.out.println("wrote " + file + " (" + Files.size(file) / 1024 + " KB)");
    }

    private static Path docsImg() throws IOException {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("no docs/ folder above " + Paths.get("").toAbsolutePath());
        }
        Path img = dir.resolve("docs").resolve("img");
        Files.createDirectories(img);
        return img;
    }

    /** Finds ../shared/fixtures/NAME above the working directory; fails loudly when it is missing. */
    static BufferedImage fixture(String name) throws IOException {
        String prop = System.getProperty("emulsion.fixtures");
        if (prop != null && new File(prop, name).isFile()) {
            return ImageIO.read(new File(prop, name));
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            Path f = dir.resolve("shared").resolve("fixtures").resolve(name);
            if (Files.isRegularFile(f)) {
                return ImageIO.read(f.toFile());
            }
        }
        fail("fixture " + name + " not found in ../shared/fixtures above " + Paths.get("").toAbsolutePath());
        return null;
    }
}
