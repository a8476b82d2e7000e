package dev.emulsion.optics;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.param.StageSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contracts every optics stage keeps: registered, validated, input untouched, thread-count independent. */
class OpticsContractsTest {
    static final Map<String, Integer> RANKS = Map.of("distortion", 200, "chromatic-aberration", 210,
            "lens-softness", 220, "vignette", 240, "halation", 300, "bloom", 310);

    static FloatImage scene() {
        int w = 480;
        int h = 320;
        FloatImage img = FloatImage.create(w, h, true);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int c = 0; c < 4; c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = c == 3 ? (float) rnd.nextDouble() : (float) (rnd.nextDouble() * (i % 97 == 0 ? 20 : 1));
            }
        }
        return img;
    }

    @Test
    void allSixAreRegisteredAtTheirRanks() {
        for (Map.Entry<String, Integer> e : RANKS.entrySet()) {
            StageSpec spec = StageRegistry.get(e.getKey());
            assertEquals(e.getValue(), spec.rank(), e.getKey());
            Stage s = spec.create(spec.defaults());
            assertEquals(spec, s.spec());
            assertEquals(spec.defaults().asMap().keySet(), s.params().asMap().keySet());
        }
    }

    @Test
    void inputUntouchedNewImageAndSameResultAtAnyThreadCount() {
        FloatImage in = scene();
        FloatImage before = in.copy();
        RenderContext one = RenderContext.defaults().withSeed(4).withScheduler(StripScheduler.sequential());
        RenderContext three = one.withScheduler(StripScheduler.ofThreads(3));
        for (String name : RANKS.keySet()) {
            StageSpec spec = StageRegistry.get(name);
            Stage s = spec.create(spec.defaults());
            FloatImage a = s.apply(in, one);
            FloatImage b = FilterChain.of(s).apply(in, three);
            assertNotSame(in, a);
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(before.plane(c), in.plane(c), name + " changed its input");
                assertArrayEquals(a.plane(c), b.plane(c), name + " depends on the thread count, channel " + c);
            }
            for (float v : a.red()) {
                assertTrue(Float.isFinite(v) && v >= 0, name + " made " + v);
            }
        }
    }

    @Test
    void errorsNameStageParameterValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StageRegistry.get("halation").create(Map.of("spread", 1000)));
        assertTrue(e.getMessage().startsWith("halation.spread = 1000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Vignette(-9));
        assertEquals("vignette.amount = -9.0 is out of range: allowed is a number from -6 to 2 EV", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LensSoftness(new double[] {50, 50}));
        assertThrows(IllegalArgumentException.class, () -> new Distortion(0.5, 0));
    }
}
