package dev.emulsion.jmh;

import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark scene: sizes, determinism, and enough content that no stage sees a trivial image. */
class BenchImagesTest {
    @Test
    void sizesAreThreeToTwo() {
        assertEquals(6000, BenchImages.width(24));
        assertEquals(4000, BenchImages.height(24));
        for (double mp : new double[] {0.1, 2, 12, 24}) {
            assertEquals(1.5, (double) BenchImages.width(mp) / BenchImages.height(mp), 0.01);
            assertEquals(mp, BenchImages.actualMegapixels(mp), mp * 0.005);
        }
        assertThrows(IllegalArgumentException.class, () -> BenchImages.parseMegapixels("0"));
        assertThrows(IllegalArgumentException.class, () -> BenchImages.parseMegapixels("big"));
    }

    @Test
    void sceneIsDeterministicAndDetailed() {
        FloatImage a = BenchImages.scene(0.3);
        FloatImage b = BenchImages.scene(0.3);
        assertArrayEquals(a.red(), b.red());
        assertArrayEquals(a.blue(), b.blue());
        float[] g = a.green().clone();
        Arrays.sort(g);
        assertTrue(g[0] >= 0f, "no negative light");
        assertTrue(g[g.length - 1] > 2f, "specular highlights far above 1 for halation/bloom");
        // the bulk of the picture is ordinary midtones, not highlights
        assertTrue(g[g.length / 2] > 0.05f && g[g.length / 2] < 0.8f, "median " + g[g.length / 2]);
        // fine texture: neighbouring pixels differ almost everywhere
        int same = 0;
        float[] r = a.red();
        for (int i = 1; i < r.length; i++) {
            if (r[i] == r[i - 1]) {
                same++;
            }
        }
        assertTrue(same < r.length / 100, same + " equal neighbours");
    }

    @Test
    void argbVersionIsOpaqueSrgb() {
        FloatImage f = FloatImage.filled(4, 2, 0.2140f, 1f, 0f);
        BufferedImage argb = BenchImages.toArgb(f);
        assertEquals(BufferedImage.TYPE_INT_ARGB, argb.getType());
        int px = ((DataBufferInt) argb.getRaster().getDataBuffer()).getData()[0];
        assertEquals(0xFF, px >>> 24);
        assertEquals(128, px >> 16 & 0xFF, 1); // linear 0.214 is sRGB code 128
        assertEquals(255, px >> 8 & 0xFF);
        assertEquals(0, px & 0xFF);
    }

    @Test
    void bandsCoverTheWholeImage() {
        // a JH Labs point filter gives the same pixels whatever the banding, so coverage is checkable
        BufferedImage src = BenchImages.sceneArgb(0.05);
        int[] s = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
        for (int threads : new int[] {1, 2, 3}) {
            BufferedImage out = BenchImages.filterInBands(com.jhlabs.image.InvertFilter::new, src, threads);
            int[] d = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < s.length; i++) {
                assertEquals(s[i] ^ 0x00FFFFFF, d[i], "pixel " + i + " with " + threads + " threads");
            }
        }
    }

    @Test
    void bandsOfANeighbourhoodFilterDifferOnlyNearTheSeam() {
        BufferedImage src = BenchImages.sceneArgb(0.05);
        int w = src.getWidth();
        int h = src.getHeight();
        java.util.function.Supplier<com.jhlabs.image.GaussianFilter> blur =
                () -> new com.jhlabs.image.GaussianFilter(6);
        int[] one = ((DataBufferInt) BenchImages.filterInBands(blur, src, 1).getRaster().getDataBuffer()).getData();
        int[] two = ((DataBufferInt) BenchImages.filterInBands(blur, src, 2).getRaster().getDataBuffer()).getData();
        int seam = h / 2;
        int differentFar = 0;
        int differentNear = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (one[y * w + x] != two[y * w + x]) {
                    if (Math.abs(y - seam) > 8) {
                        differentFar++;
                    } else {
                        differentNear++;
                    }
                }
            }
        }
        assertEquals(0, differentFar, "rows farther than the radius from the seam are the same");
        assertTrue(differentNear > 0, "the bands really were filtered separately");
    }
}
