package dev.emulsion.grain;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static dev.emulsion.grain.GrainStats.ctx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contracts of the grain stage: declaration, validation, immutability of the input, edge cases. */
class GrainTest {
    static FloatImage noisy(int w, int h, boolean alpha) {
        FloatImage img = FloatImage.create(w, h, alpha);
        SplittableRandom r = new SplittableRandom(3);
        for (int c = 0; c < (alpha ? 4 : 3); c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) r.nextDouble(c == 3 ? 1.0 : 1.5);
            }
        }
        return img;
    }

    @Test
    void declaredOnceRankedAfterTheFilmCurveAndRegistered() {
        assertEquals("grain", Grain.SPEC.name());
        assertEquals(PipelineOrder.DEVELOPMENT + 50, Grain.SPEC.rank());
        Stage s = Grain.SPEC.create(Map.of("granularity", 17, "mode", "mono"));
        assertTrue(s instanceof Grain);
        assertTrue(((Grain) s).isMono());
        assertEquals(17.0, ((Grain) s).granularity());
        assertTrue(StageRegistry.contains("grain"), "GrainStages is registered as a StageProvider");
        assertEquals(Grain.SPEC, StageRegistry.get("grain"));
    }

    @Test
    void parametersAreValidatedWithNameValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grain.builder().granularity(41).build());
        assertTrue(e.getMessage().startsWith("grain.granularity = 41"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grain.builder().strength(2.5).build());
        assertThrows(IllegalArgumentException.class, () -> Grain.builder().clumpSize(0.5).build());
        assertThrows(IllegalArgumentException.class, () -> Grain.builder().layerCorrelation(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> Grain.builder().layerRatios(0.8, 1, 5).build());
        assertThrows(IllegalArgumentException.class, () -> Grain.SPEC.create(Map.of("mode", "sepia")));
        assertThrows(IllegalArgumentException.class, () -> new Grain(dev.emulsion.tone.Exposure.SPEC.defaults()));
    }

    @Test
    void inputIsNeverModifiedAndAlphaIsKept() {
        FloatImage in = noisy(301, 203, true);
        FloatImage before = in.copy();
        FloatImage out = Grain.builder().granularity(17).mono().build().apply(in, ctx(1, 2));
        assertNotSame(in, out);
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(before.plane(c), in.plane(c));
        }
        assertArrayEquals(in.alpha(), out.alpha());
    }

    @Test
    void zeroStrengthIsACopyAndBuilderRoundTrips() {
        FloatImage in = noisy(64, 48, false);
        Grain g = Grain.builder().granularity(9).strength(0).build();
        FloatImage out = g.apply(in, ctx(1, 1));
        assertNotSame(in, out);
        assertArrayEquals(in.red(), out.red());
        assertEquals(g.params().toString(), g.toBuilder().build().params().toString());
    }

    @Test
    void tinyImagesExtremeValuesAndAnyFormatGiveFiniteNonNegativeOutput() {
        Grain extreme = Grain.builder().granularity(40).strength(2).clumpSize(60).levelResponse(0).build();
        for (int[] size : new int[][] {{1, 1}, {2, 3}, {7, 1}, {1, 9}, {130, 257}}) {
            FloatImage in = noisy(size[0], size[1], false);
            in.red()[0] = 0f;
            in.green()[0] = 40f;
            for (dev.emulsion.chain.FilmFormat f : dev.emulsion.chain.FilmFormat.values()) {
                FloatImage out = extreme.apply(in, ctx(5, 2).withFormat(f));
                for (int c = 0; c < 3; c++) {
                    for (float v : out.plane(c)) {
                        assertTrue(Float.isFinite(v) && v >= 0f, "value " + v);
                    }
                }
                assertEquals(0f, out.red()[0], "black stays black");
            }
        }
    }

    @Test
    void chainAppliesGrainWithTheDerivedSeedReproducibly() {
        FloatImage in = noisy(200, 100, false);
        FilterChain chain = FilterChain.builder().add(Grain.builder().build()).build();
        assertArrayEquals(chain.apply(in).blue(), chain.apply(in).blue());
    }
}
