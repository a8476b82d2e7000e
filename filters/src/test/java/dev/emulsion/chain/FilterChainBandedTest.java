package dev.emulsion.chain;

import dev.emulsion.grain.Grain;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.optics.Halation;
import dev.emulsion.optics.Vignette;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link FilterChain#applyBanded}: rendering the tail band by band, in any order and band layout, gives the
 * planes of {@link FilterChain#applyConsuming} bit for bit, and {@link ImageConversion#writeRows8} gives the
 * bytes of {@link ImageConversion#toBufferedImage}.
 */
class FilterChainBandedTest {
    private static FloatImage scene(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        Random rnd = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double hi = (x - w * 0.6) * (x - w * 0.6) + (y - h * 0.3) * (y - h * 0.3) < 400 ? 6 : 0;
                img.red()[i] = (float) (0.02 + 0.8 * x / w + hi + 0.05 * rnd.nextFloat());
                img.green()[i] = (float) (0.03 + 0.7 * y / h + hi * 0.8 + 0.05 * rnd.nextFloat());
                img.blue()[i] = (float) (0.05 + 0.3 * (x + y) / (w + h) + hi * 0.6);
            }
        }
        return img;
    }

    /** A portra-like chain: colour and blur body, then a tail of film curve, colour stages, grain, fade. */
    private static FilterChain chain(int threads) {
        List<Stage> s = new ArrayList<>();
        s.add(new Exposure(0.2));
        s.add(StageRegistry.get("white-balance").create(Map.of("temperature", 7150.0)));
        s.add(StageRegistry.get("lens-softness").create(Map.of()));
        s.add(Vignette.SPEC.create(Map.of("amount", -0.35)));
        s.add(Halation.SPEC.create(Map.of("strength", new double[] {0.05, 0.02, 0})));
        s.add(StageRegistry.get("film-curve").create(Map.of()));
        s.add(StageRegistry.get("color-matrix").create(Map.of("saturation", 0.95)));
        s.add(Grain.builder().granularity(6).build());
        s.add(StageRegistry.get("fade").create(Map.of("black", 0.012)));
        s.add(StageRegistry.get("split-tone").create(Map.of("highlight-amount", 0.09)));
        return FilterChain.builder().addAll(s).threads(threads).seed(42).build();
    }

    private static void assertSamePlanes(FloatImage a, FloatImage b) {
        assertArrayEquals(a.red(), b.red());
        assertArrayEquals(a.green(), b.green());
        assertArrayEquals(a.blue(), b.blue());
    }

    @Test
    void tailStartsAfterTheLastWholeImageStage() {
        FilterChain c = chain(1);
        assertEquals(5, c.tailStart(), "halation is the last stage that needs neighbours");
        assertEquals(0, FilterChain.of(new Exposure(1)).tailStart());
        assertEquals(1, FilterChain.of(Halation.SPEC.create(Map.of())).tailStart());
    }

    @Test
    void bandsInAnyOrderAndLayoutMatchTheWholeImageRender() {
        for (int[] size : new int[][] {{600, 400}, {617, 401}, {1400, 1000}}) {
            int w = size[0];
            int h = size[1];
            for (int threads : new int[] {1, 2}) {
                FilterChain c = chain(threads);
                FloatImage expected = c.applyConsuming(scene(w, h), c.context());
                // the chain's own layout, in reverse order
                FilterChain.Banded banded = c.applyBanded(scene(w, h), c.context());
                int rows = banded.bandRows(64 << 10);
                List<Integer> starts = new ArrayList<>();
                for (int y = 0; y < h; y += rows) {
                    starts.add(y);
                }
                Collections.reverse(starts);
                for (int y0 : starts) {
                    banded.renderRows(y0, Math.min(h, y0 + rows));
                }
                assertSamePlanes(expected, banded.image());
                // an odd layout (7 rows, not a multiple of the chain's strips), bands run on the scheduler
                FilterChain.Banded odd = c.applyBanded(scene(w, h), c.context());
                int n = (h + 6) / 7;
                c.context().scheduler().forEach(n, b -> odd.renderRows(b * 7, Math.min(h, b * 7 + 7)));
                assertSamePlanes(expected, odd.image());
            }
        }
    }

    @Test
    void aRowRenderedTwiceDiffers() {
        // negative control: the comparison above does see a wrong tail (rows rendered twice)
        FilterChain c = chain(1);
        int w = 300;
        int h = 200;
        FloatImage expected = c.applyConsuming(scene(w, h), c.context());
        FilterChain.Banded banded = c.applyBanded(scene(w, h), c.context());
        banded.renderRows(0, h);
        banded.renderRows(50, 60);
        assertThrows(AssertionError.class, () -> assertSamePlanes(expected, banded.image()));
    }

    @Test
    void rowsOf8BitOutputMatchTheWholeImageConversion() {
        FloatImage img = chain(2).apply(scene(617, 401));
        BufferedImage whole = ImageConversion.toBufferedImage(img, 8, 99L, StripScheduler.ofThreads(2));
        BufferedImage rows = new BufferedImage(617, 401, BufferedImage.TYPE_3BYTE_BGR);
        for (int y0 = 401 - 13; y0 > -13; y0 -= 13) {
            ImageConversion.writeRows8(img, rows, 99L, Math.max(0, y0), Math.min(401, y0 + 13));
        }
        byte[] a = ((DataBufferByte) whole.getRaster().getDataBuffer()).getData();
        byte[] b = ((DataBufferByte) rows.getRaster().getDataBuffer()).getData();
        assertArrayEquals(a, b);
        // negative control: another dither seed gives other bytes
        BufferedImage other = new BufferedImage(617, 401, BufferedImage.TYPE_3BYTE_BGR);
        ImageConversion.writeRows8(img, other, 100L, 0, 401);
        assertFalse(java.util.Arrays.equals(a, ((DataBufferByte) other.getRaster().getDataBuffer()).getData()));
        assertThrows(IllegalArgumentException.class, () -> ImageConversion.writeRows8(img,
                new BufferedImage(617, 401, BufferedImage.TYPE_INT_RGB), 1L, 0, 1));
    }

    @Test
    void grainBandsMatchGrainApply() {
        Grain g = Grain.builder().granularity(8).build();
        RenderContext ctx = RenderContext.defaults().withSeed(5);
        for (int[] size : new int[][] {{300, 211}, {2100, 1400}}) { // per-pixel filtering and templates
            FloatImage in = scene(size[0], size[1]);
            FloatImage expected = g.apply(in, ctx);
            FloatImage copy = in.copy();
            PointKernel k = g.prepareBands(size[0], size[1], ctx);
            for (int y0 = 0; y0 < size[1]; y0 += 37) {
                k.process(new Strip(copy.red(), copy.green(), copy.blue(), null, size[0], size[1], y0,
                        Math.min(size[1], y0 + 37)));
            }
            assertSamePlanes(expected, copy);
        }
    }
}
