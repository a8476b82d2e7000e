package dev.emulsion.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-to-end input files: readable, the right size, and about as dense as a camera JPEG. */
class BenchFilesTest {
    @Test
    void sceneJpegHasPhotoLikeDensity(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.jpg");
        BenchFiles.writeScene(f, 0.5, 0);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(BenchImages.width(0.5), back.getWidth());
        assertEquals(BenchImages.height(0.5), back.getHeight());
        double bitsPerPixel = Files.size(f) * 8.0 / (back.getWidth() * (double) back.getHeight());
        assertTrue(bitsPerPixel > 1.8 && bitsPerPixel < 3.5, "bits per pixel " + bitsPerPixel);
    }

    @Test
    void batchFilesDiffer(@TempDir Path dir) throws Exception {
        BenchFiles.main(new String[] {"--batch", dir.toString(), "2", "0.05"});
        byte[] a = Files.readAllBytes(dir.resolve("img-000.jpg"));
        byte[] b = Files.readAllBytes(dir.resolve("img-001.jpg"));
        assertTrue(!java.util.Arrays.equals(a, b), "each file of a batch has its own content");
    }
}
