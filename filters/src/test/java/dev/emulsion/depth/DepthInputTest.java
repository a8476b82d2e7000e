package dev.emulsion.depth;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.StageRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6, test 7: bad depth input gives a clear error or a documented result; and the declared API. */
class DepthInputTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(3).withScheduler(StripScheduler.sequential());

    @TempDir
    Path dir;

    static BufferedImage gray16(int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, value);
            }
        }
        return img;
    }

    Path png(String name, BufferedImage img) throws IOException {
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    static Stage fromSet(Map<String, ?> raw) {
        return StageRegistry.get("depth-blur").create(raw);
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = dir.resolve("nope.depth.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fromSet(Map.of("depth", missing.toString())));
        assertTrue(e.getMessage().contains("nope.depth.png") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void unreadableFileNamesTheFile() throws IOException {
        Path junk = dir.resolve("junk.depth.png");
        Files.writeString(junk, "this is not a PNG");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fromSet(Map.of("depth", junk.toString())));
        assertTrue(e.getMessage().contains("junk.depth.png") && e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void aspectMismatchSaysSo() throws IOException {
        Path square = png("square.depth.png", gray16(100, 100, 30000));
        Stage s = fromSet(Map.of("depth", square.toString()));
        FloatImage img = FloatImage.filled(300, 200, 0.5f, 0.5f, 0.5f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(img, CTX));
        assertTrue(e.getMessage().contains("square.depth.png") && e.getMessage().contains("aspect"), e.getMessage());
        // Same aspect at another resolution is fine (resampled).
        Path half = png("half.depth.png", gray16(150, 100, 30000));
        fromSet(Map.of("depth", half.toString())).apply(img, CTX);
    }

    @Test
    void constantAndOnePixelMapsAreUniformDepth() throws IOException {
        FloatImage img = DepthBlurTest.noise(300, 200, 9);
        // Relative depth, focused on a point of a constant map: everything is in focus: unchanged.
        for (Path p : new Path[] {png("const.png", gray16(150, 100, 12345)), png("one.png", gray16(1, 1, 40000))}) {
            FloatImage out = fromSet(Map.of("depth", p.toString())).apply(img, CTX);
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(img.plane(c), out.plane(c), p + ": a uniform depth in focus changes nothing");
            }
        }
        // Metric 1×1 map at 10 m focused at 2 m: a uniform blur, mean kept, no crash.
        Path metric = png("metric.png", gray16(1, 1, 10000));
        FloatImage out = fromSet(Map.of("depth", metric.toString(), "kind", "metric", "unit", "mm",
                "focus-distance", "2", "highlight-gain", "0")).apply(img, CTX);
        double a = 0;
        double b = 0;
        for (int i = 0; i < img.pixelCount(); i++) {
            a += img.green()[i];
            b += out.green()[i];
        }
        assertEquals(a / img.pixelCount(), b / img.pixelCount(), 0.01, "mean kept");
        double kept = Measure.highFrequencyEnergy(out, full(300, 200)) / Measure.highFrequencyEnergy(img, full(300, 200));
        assertTrue(kept < 0.2, "uniformly blurred (CoC about 2 px): HF kept " + kept);
    }

    static boolean[] full(int w, int h) {
        boolean[] m = new boolean[w * h];
        java.util.Arrays.fill(m, true);
        return m;
    }

    @Test
    void eightBitAndSixteenBitMapsAgree() throws IOException {
        BufferedImage g8 = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage g16 = new BufferedImage(60, 40, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 60; x++) {
                g8.getRaster().setSample(x, y, 0, x * 4);
                g16.getRaster().setSample(x, y, 0, x * 4 * 257);
            }
        }
        float[] a = DepthMap.fromImage(g8, DepthMap.Kind.INVERSE, 0).resample(60, 40);
        float[] b = DepthMap.fromImage(g16, DepthMap.Kind.INVERSE, 0).resample(60, 40);
        assertArrayEquals(a, b, 1e-6f, "codes are data: no transfer curve, 8 and 16 bit agree");
        assertEquals(236 / 255f, a[59], 1e-6f);
    }

    @Test
    void badSettingsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> fromSet(Map.of()), "no depth given");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DepthBlur.builder().depth(DepthMap.groundPlane(0.4)).aperture(2, 0, 0).build());
        assertTrue(e.getMessage().contains("depth-blur.blades"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DepthBlur.builder().depth(DepthMap.groundPlane(0.4)).focusDistance(3).build());
        assertTrue(e.getMessage().contains("focus-distance") && e.getMessage().contains("metric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DepthBlur.builder().depth(DepthMap.groundPlane(0.4)).distances(5, 2).build());
        assertTrue(e.getMessage().contains("near-distance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fromSet(Map.of("source", "ground-plane", "f-number", "0.1")));
        assertTrue(e.getMessage().contains("depth-blur.f-number"), e.getMessage());
        Stage alpha = fromSet(Map.of("source", "alpha"));
        e = assertThrows(IllegalArgumentException.class, () -> alpha.apply(FloatImage.filled(10, 10, 0, 0, 0), CTX));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }

    @Test
    void syntheticSourcesFromTheCommandLine() {
        FloatImage img = DepthBlurTest.noise(240, 160, 4);
        for (String src : new String[] {"ground-plane", "radial", "tilt-shift"}) {
            Stage s = fromSet(Map.of("source", src, "focus-y", "0.6", "max-blur-width", "3", "blades", "5"));
            FloatImage out = s.apply(img, CTX);
            assertEquals(img.pixelCount(), out.pixelCount());
            // The focus point stays sharp.
            int i = (int) (0.6 * 160) * 240 + 120;
            assertEquals(img.green()[i], out.green()[i], 2e-3f, src + " keeps the focus point sharp");
        }
    }

    @Test
    void tinyAndThinImagesWithHugeBlurStayFinite() {
        int[][] sizes = {{1, 1}, {1, 300}, {300, 1}, {2, 3}, {65, 129}};
        for (int[] sz : sizes) {
            FloatImage img = DepthBlurTest.noise(sz[0], sz[1], 1);
            for (String src : new String[] {"ground-plane", "radial", "tilt-shift"}) {
                FloatImage out = fromSet(Map.of("source", src, "max-blur-width", "10", "focus-y", "0.9"))
                        .apply(img, CTX);
                for (int c = 0; c < 3; c++) {
                    for (float v : out.plane(c)) {
                        assertTrue(Float.isFinite(v) && v >= 0, src + " " + sz[0] + "x" + sz[1] + ": " + v);
                    }
                }
            }
        }
        // The largest CoC the engine renders (256 px) on a small image.
        FloatImage img = DepthBlurTest.noise(200, 150, 2);
        FloatImage out = DepthBlur.builder().depth(DepthMap.ofMetres(1, 1, new float[] {1000f}))
                .focusDistance(1).focalLength(300).fNumber(0.7).highlights(0.95, 0).build().apply(img, CTX);
        double mean = 0;
        for (float v : out.green()) {
            assertTrue(Float.isFinite(v));
            mean += v;
        }
        assertEquals(0.5, mean / out.pixelCount(), 0.05, "a huge uniform blur keeps the mean");
    }
}
