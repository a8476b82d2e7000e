package dev.emulsion.chain;

import dev.emulsion.color.WhiteBalance;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.tone.BasicTone;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterChainTest {

    static FloatImage noiseImage(int w, int h, long seed) {
        FloatImage img = FloatImage.create(w, h, true);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < 4; c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) rnd.nextDouble(c == 3 ? 1.0 : 2.0);
            }
        }
        return img;
    }

    /** A position- and seed-dependent point stage, to prove strips see the right coordinates and seed. */
    static PointStage speckle() {
        return TestStages.point("test-speckle", (width, height, ctx) -> {
            long seed = ctx.seed();
            return s -> {
                float[] g = s.green();
                for (int y = s.y0(); y < s.y1(); y++) {
                    for (int x = 0; x < s.width(); x++) {
                        long h = RenderContext.mix(seed + x * 31L + y * 1_000_003L);
                        g[y * s.width() + x] += (h & 1023) / 1024f;
                    }
                }
            };
        });
    }

    /** A whole-image stage: a 3-tap horizontal box blur of red, to break fusion in the middle of a chain. */
    static Stage blur3() {
        return TestStages.whole("test-blur", (in, ctx) -> {
            FloatImage out = in.copy();
            int w = in.width();
            ctx.scheduler().forRanges(in.height(), 1, (y0, y1) -> {
                for (int y = y0; y < y1; y++) {
                    for (int x = 1; x < w - 1; x++) {
                        int i = y * w + x;
                        out.red()[i] = (in.red()[i - 1] + in.red()[i] + in.red()[i + 1]) / 3f;
                    }
                }
            });
            return out;
        });
    }

    static FilterChain chain(int threads) {
        return FilterChain.builder()
                .add(new Exposure(0.7))
                .add(new WhiteBalance(5200, 10))
                .add(speckle())
                .add(blur3())
                .add(new BasicTone(0.03, 0.8))
                .seed(42)
                .threads(threads)
                .build();
    }

    @Test
    void sameOutputBitForBitAt1_2And8Threads() {
        FloatImage in = noiseImage(517, 301, 1);
        FloatImage one = chain(1).apply(in);
        for (int t : new int[] {2, 8}) {
            FloatImage many = chain(t).apply(in);
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(one.plane(c), many.plane(c), "channel " + c + " at " + t + " threads");
            }
        }
    }

    @Test
    void inputIsNeverModified() {
        FloatImage in = noiseImage(300, 200, 2);
        FloatImage before = in.copy();
        FloatImage out = chain(2).apply(in);
        assertNotSame(in, out);
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(before.plane(c), in.plane(c));
        }
        FloatImage copy = FilterChain.of().apply(in);
        assertNotSame(in.red(), copy.red());
        assertArrayEquals(in.red(), copy.red());
    }

    @Test
    void fusedPassEqualsStagesAppliedOneByOne() {
        FloatImage in = noiseImage(211, 97, 3);
        RenderContext ctx = RenderContext.defaults().withSeed(5).withScheduler(StripScheduler.ofThreads(2));
        FloatImage fused = FilterChain.of(new Exposure(-1.3), new WhiteBalance(3200, -20), new BasicTone(0.05, 0.6))
                .apply(in, ctx);
        FloatImage step = new Exposure(-1.3).apply(in, ctx);
        step = new WhiteBalance(3200, -20).apply(step, ctx);
        step = new BasicTone(0.05, 0.6).apply(step, ctx);
        assertArrayEquals(step.red(), fused.red());
        assertArrayEquals(step.blue(), fused.blue());
    }

    @Test
    void defaultSeedDiffersPerImageAndRepeatsForTheSameImage() {
        FloatImage a = noiseImage(64, 64, 10);
        FloatImage b = noiseImage(64, 64, 11);
        RenderContext ctx = RenderContext.defaults();
        assertNotEquals(ctx.seedFor(a), ctx.seedFor(b));
        assertEquals(ctx.seedFor(a), ctx.seedFor(a.copy()));
        assertEquals(7L, ctx.withSeed(7).seedFor(a));
    }

    @Test
    void exposureDoublesLightPerStop() {
        FloatImage in = FloatImage.filled(4, 4, 0.1f, 0.2f, 0.3f);
        FloatImage out = new Exposure(1).apply(in, RenderContext.defaults().withSeed(0));
        assertEquals(0.2f, out.red()[5], 1e-7);
        assertEquals(0.6f, out.blue()[5], 1e-7);
    }

    @Test
    void whiteBalanceWarmsAboveD65AndKeepsNeutralLuminance() {
        float[] warm = new WhiteBalance(9000, 0).gains();
        float[] cool = new WhiteBalance(3200, 0).gains();
        assertTrue(warm[0] > 1 && warm[2] < 1, "9000 K setting warms");
        assertTrue(cool[0] < 1 && cool[2] > 1, "3200 K setting cools");
        float[] none = new WhiteBalance(6504, 0).gains();
        for (float g : none) {
            assertEquals(1.0, g, 0.01);
        }
        assertEquals(1.0, 0.2126 * warm[0] + 0.7152 * warm[1] + 0.0722 * warm[2], 1e-6);
    }

    @Test
    void basicToneLiftsBlackAndRollsOffWithoutClipping() {
        FloatImage in = FloatImage.create(5, 1, false);
        float[] xs = {0f, 0.5f, 1f, 2f, 8f};
        System.arraycopy(xs, 0, in.red(), 0, 5);
        FloatImage out = new BasicTone(0.03, 0.7).apply(in, RenderContext.defaults().withSeed(0));
        float[] r = out.red();
        assertEquals(0.03f, r[0], 1e-6);
        for (int i = 1; i < 5; i++) {
            assertTrue(r[i] > r[i - 1], "monotonic");
        }
        assertTrue(r[4] < 1f, "8.0 still below 1: rolled off, not clipped");
    }

    @Test
    void everyParameterIsValidatedWithNameValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Exposure(11));
        assertEquals("exposure.ev = 11.0 is out of range: allowed is a number from -10 to 10 EV", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Exposure(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new WhiteBalance(1999, 0));
        assertThrows(IllegalArgumentException.class, () -> new WhiteBalance(6500, 101));
        assertThrows(IllegalArgumentException.class, () -> new BasicTone(-0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> new BasicTone(0, 0.2));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Exposure.SPEC.values(Map.of("stops", 1)));
        assertTrue(unknown.getMessage().contains("no parameter 'stops'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Param.real("Bad Name", "", 0, 1, 0, "x"));
    }
}
