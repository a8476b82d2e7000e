package dev.emulsion.tone;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilmCurveTest {
    static final FilmCurve DEFAULT = FilmCurve.of(Map.of());

    /** Largest relative difference between the kernel's table lookup and the exact curve over 2^-20..2^12. */
    static double tableError(FilmCurve table, FilmCurve exact) {
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            for (double e = 0x1p-20; e < 0x1p12; e *= 1.0173) {
                double want = exact.evaluate(c, e);
                double got = table.apply(c, (float) e);
                worst = Math.max(worst, Math.abs(got - want) / want);
            }
        }
        return worst;
    }

    @Test
    void tablesMatchTheExactCurve() {
        FilmCurve steep = FilmCurve.of(Map.of("gamma", new double[] {0.5, 0.7, 0.9}, "print-contrast", 1.6,
                "toe", 0.05, "shoulder", 0.05));
        assertTrue(tableError(DEFAULT, DEFAULT) < 2e-4, "default: " + tableError(DEFAULT, DEFAULT));
        assertTrue(tableError(steep, steep) < 2e-4, "steep: " + tableError(steep, steep));
        // the check can fail: another curve is far from it
        assertTrue(tableError(DEFAULT, steep) > 1e-2);
    }

    @Test
    void strictlyMonotonicFromBlackToFarAboveWhiteWithALiftedBlack() {
        for (FilmCurve f : new FilmCurve[] {DEFAULT, FilmCurve.of(Map.of("d-max", new double[] {1.3, 1.7, 2.0},
                "print-contrast", 1.5))}) {
            for (int c = 0; c < 3; c++) {
                float prev = f.apply(c, 0f);
                assertTrue(prev > 0.002 && prev < 0.03, "black prints at the fog level: " + prev);
                for (double e = 1e-4; e <= 64; e *= 1.05) {
                    float v = f.apply(c, (float) e);
                    assertTrue(v > prev, "channel " + c + " at " + e + ": " + v + " after " + prev);
                    assertTrue(v < 1f, "never reaches 1");
                    prev = v;
                }
            }
        }
    }

    @Test
    void midGreyPrintsAsMidGreyAndContrastFollowsGamma() {
        for (int c = 0; c < 3; c++) {
            assertEquals(0.18, DEFAULT.apply(c, 0.18f), 0.18 * 0.02);
        }
        double[] slopes = new double[3];
        double[] gammas = {0.5, 0.6, 0.7};
        for (int k = 0; k < 3; k++) {
            double g = gammas[k];
            FilmCurve f = FilmCurve.of(Map.of("gamma", new double[] {g, g, g}));
            slopes[k] = Math.log(f.apply(1, 0.25f) / f.apply(1, 0.13f)) / Math.log(0.25 / 0.13);
        }
        // slope ≈ gamma / 0.6 in the straight section
        for (int k = 0; k < 3; k++) {
            assertEquals(gammas[k] / FilmCurve.REFERENCE_GAMMA, slopes[k], 0.06, "gamma " + gammas[k]);
        }
        assertTrue(slopes[0] < slopes[1] && slopes[1] < slopes[2]);
    }

    @Test
    void tungstenBalanceTurnsDaylightBlueAndPushesShiftThePrint() {
        FilmCurve tungsten = FilmCurve.of(Map.of("balance", 3200.0));
        assertTrue(tungsten.apply(2, 0.18f) > 1.3 * tungsten.apply(0, 0.18f), "blue above red on a grey");
        assertEquals(DEFAULT.apply(0, 0.18f), DEFAULT.apply(2, 0.18f), 1e-6, "D65 film: a grey stays grey");
        FilmCurve over = FilmCurve.of(Map.of("exposure", 1.0));
        assertEquals(DEFAULT.apply(1, 0.36f), over.apply(1, 0.18f), 1e-4, "film exposure +1 EV = twice the light");
        assertTrue(FilmCurve.of(Map.of("print-exposure", 1.0)).apply(1, 0.18f) > DEFAULT.apply(1, 0.18f));
    }

    @Test
    void kernelMatchesTheLookupAndHandlesOddInputs() {
        FloatImage in = FloatImage.create(5, 1, false);
        float[] v = {-1f, 0f, Float.NaN, 0.5f, 1e30f};
        System.arraycopy(v, 0, in.red(), 0, 5);
        FloatImage out = FilterChain.of(DEFAULT).apply(in, RenderContext.defaults().withSeed(1));
        assertEquals(DEFAULT.apply(0, 0f), out.red()[0]);
        assertEquals(DEFAULT.apply(0, 0f), out.red()[1]);
        assertTrue(Float.isFinite(out.red()[2]), "NaN does not escape as an index error");
        assertEquals(DEFAULT.apply(0, 0.5f), out.red()[3]);
        assertTrue(out.red()[4] < 1f && out.red()[4] > 0.9f);
        assertEquals(0.5f, in.red()[3], "input untouched");
    }

    @Test
    void validationNamesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FilmCurve.of(Map.of("d-max", new double[] {0.8, 2.5, 2.5})));
        assertTrue(e.getMessage().contains("film-curve.d-max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FilmCurve.of(Map.of("gamma", new double[] {2, 1, 1})));
        assertTrue(e.getMessage().contains("film-curve.gamma") && e.getMessage().contains("0.2 to 1.5"), e.getMessage());
        assertFalse(FilmCurve.SPEC.params().isEmpty());
    }
}
