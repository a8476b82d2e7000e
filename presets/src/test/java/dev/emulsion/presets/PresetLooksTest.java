package dev.emulsion.presets;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.chain.Strip;
import dev.emulsion.color.ColorMath;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.StageSpec;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled presets behave like the stocks they are named after (issue 4, "Done when" 1–5). Each ordering
 * check is a method that is also run on a deliberately wrong preset to show that it can fail.
 */
class PresetLooksTest {
    static final List<String> BW = List.of("tri-x-400", "tmax-400", "hp5-plus");
    static final PresetLibrary LIB = PresetLibrary.withUserDir(Paths.get("target/no-user-presets"));
    static final RenderContext CTX = RenderContext.defaults().withSeed(7);

    static Preset preset(String name) {
        return LIB.load(name);
    }

    /** The preset's colour (LUT-able) stages only: what these tests measure; grain would only add noise. */
    static FilterChain looks(Preset p) {
        List<Stage> color = new ArrayList<>();
        for (Stage s : p.buildStages()) {
            if (s instanceof ColorStage) {
                color.add(s);
            }
        }
        return FilterChain.builder().addAll(color).context(CTX).build();
    }

    static float[] render(Preset p, float r, float g, float b) {
        FloatImage out = looks(p).apply(FloatImage.filled(1, 1, r, g, b));
        return new float[] {out.red()[0], out.green()[0], out.blue()[0]};
    }

    static double luminance(float[] c) {
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    static double[] lab(float[] c) {
        return ColorMath.linearSrgbToLab(c[0], c[1], c[2]);
    }

    // ---- the files themselves ----

    @Test
    void everyBundledFileStatesItsSourcesAndEveryParameterOfEveryStage() throws java.io.IOException {
        com.fasterxml.jackson.dataformat.toml.TomlMapper toml = new com.fasterxml.jackson.dataformat.toml.TomlMapper();
        for (String n : PresetLibrary.bundledNames()) {
            String text = java.nio.file.Files.readString(
                    Paths.get("src/main/resources/dev/emulsion/presets/" + n + ".toml"));
            for (String needed : new String[] {"[DS]", "granularity", "halation", "iso = ", "type = ", "look = "}) {
                assertTrue(text.contains(needed), n + " mentions " + needed);
            }
            assertTrue(text.contains("MTF50") || text.contains("resolving power"), n + " states its sharpness");
            for (String table : new String[] {"[stages.grain]", "[stages.halation]", "[stages.lens-softness]",
                    "[stages.film-curve]"}) {
                assertTrue(text.contains(table), n + " has " + table);
            }
            com.fasterxml.jackson.databind.JsonNode stages = toml.readTree(text).get("stages");
            stages.fields().forEachRemaining(e -> {
                StageSpec spec = dev.emulsion.param.StageRegistry.get(e.getKey());
                for (dev.emulsion.param.Param param : spec.params()) {
                    if (param.defaultValue() != null) {
                        assertTrue(e.getValue().has(param.name()), n + ": stages." + e.getKey() + "." + param.name());
                    }
                }
            });
        }
    }

    // ---- 1. B&W gives R = G = B exactly ----

    @Test
    void blackAndWhitePresetsGiveEqualChannelsExactly() {
        FloatImage fixture = Fixtures.floatImage("motorcycle_left.png");
        FloatImage synthetic = FloatImage.create(64, 64, false);
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < synthetic.pixelCount(); i++) {
            synthetic.red()[i] = rnd.nextFloat() * 4;
            synthetic.green()[i] = rnd.nextFloat() * 4;
            synthetic.blue()[i] = rnd.nextFloat() * 4;
        }
        for (String n : BW) {
            for (FloatImage in : List.of(fixture, synthetic)) {
                FloatImage out = preset(n).toChain(CTX).apply(in);
                assertEquals(-1, firstUnequal(out), n + ": R = G = B everywhere");
            }
        }
        // the check can fail: a colour preset is not grey
        assertTrue(firstUnequal(preset("portra-400").toChain(CTX).apply(fixture)) >= 0);
    }

    static int firstUnequal(FloatImage img) {
        for (int i = 0; i < img.pixelCount(); i++) {
            if (img.red()[i] != img.green()[i] || img.green()[i] != img.blue()[i]) {
                return i;
            }
        }
        return -1;
    }

    // ---- 2. mid-tone contrast follows the data sheets ----

    /** Slope of log output luminance against log input over ±1 stop around mid grey. */
    static double midContrast(Preset p) {
        double lo = luminance(render(p, 0.09f, 0.09f, 0.09f));
        double hi = luminance(render(p, 0.36f, 0.36f, 0.36f));
        return Math.log(hi / lo) / Math.log(4);
    }

    static boolean contrastOrdered(Preset superia, Preset ektar, Preset portra400, Preset portra160) {
        return midContrast(superia) > midContrast(ektar) && midContrast(ektar) > midContrast(portra400)
                && midContrast(portra400) > midContrast(portra160);
    }

    @Test
    void midToneContrastFollowsTheDataSheets() {
        Preset su = preset("superia-xtra-400");
        Preset ek = preset("ektar-100");
        Preset p4 = preset("portra-400");
        Preset p1 = preset("portra-160");
        System.out.printf("mid-tone contrast: superia %.3f ektar %.3f portra-400 %.3f portra-160 %.3f%n",
                midContrast(su), midContrast(ek), midContrast(p4), midContrast(p1));
        assertTrue(contrastOrdered(su, ek, p4, p1));
        // negative control: Portra 160 given Superia's gammas breaks the order
        assertFalse(contrastOrdered(su, ek, p4, p1.with("film-curve.gamma", "[0.61, 0.66, 0.70]")));
    }

    // ---- 3. black lift, white below 98 %, no plateau above 1 ----

    static String toneProblem(FilterChain chain) {
        Function<Float, Double> y = v -> {
            FloatImage o = chain.apply(FloatImage.filled(1, 1, v, v, v));
            return luminance(new float[] {o.red()[0], o.green()[0], o.blue()[0]});
        };
        double black = y.apply(0f);
        if (!(black >= 0.01 && black <= 0.06)) {
            return "black at " + black;
        }
        double white = y.apply(1f);
        if (!(white < 0.98)) {
            return "white at " + white;
        }
        double prev = white;
        for (int k = 2; k <= 8; k++) {
            double v = y.apply((float) k);
            if (!(v > prev * (1 + 1e-4))) {
                return "plateau between " + (k - 1) + " and " + k + ": " + prev + " -> " + v;
            }
            prev = v;
        }
        return null;
    }

    @Test
    void negativesLiftBlackKeepWhiteBelowPaperAndNeverClip() {
        for (String n : PresetLibrary.bundledNames()) {
            Preset p = preset(n);
            FilterChain c = looks(p);
            System.out.printf("%-18s black %.4f white %.4f at 8: %.4f%n", n,
                    luminance(render(p, 0, 0, 0)), luminance(render(p, 1, 1, 1)), luminance(render(p, 8, 8, 8)));
            assertEquals(null, toneProblem(c), n);
        }
        // negative controls: a hard clip at 1 plateaus; an untouched image has black at 0
        List<Stage> clipped = new ArrayList<>(looks(preset("portra-400")).stages());
        clipped.add(0, new Clip());
        assertTrue(toneProblem(FilterChain.builder().addAll(clipped).build()).startsWith("plateau"));
        assertTrue(toneProblem(FilterChain.of(new Exposure(0))).startsWith("black"));
    }

    /** A wrong tone curve for the negative control: clips at 1.0 (test-only). */
    static final class Clip implements ColorStage {
        @Override
        public StageSpec spec() {
            return Exposure.SPEC;
        }

        @Override
        public ParamValues params() {
            return Exposure.SPEC.defaults();
        }

        @Override
        public PointKernel prepare(int width, int height, RenderContext ctx) {
            return (Strip s) -> {
                for (float[] p : new float[][] {s.red(), s.green(), s.blue()}) {
                    for (int i = s.start(); i < s.end(); i++) {
                        p[i] = Math.min(p[i], 1f);
                    }
                }
            };
        }
    }

    // ---- 4. mean chroma on the fixtures ----

    static final String[] FIXTURES = {"astronaut.png", "motorcycle_left.png", "coffee.png", "chelsea.png"};

    static double meanChroma(Preset p) {
        double sum = 0;
        long n = 0;
        FilterChain c = looks(p);
        for (String f : FIXTURES) {
            FloatImage out = c.apply(Fixtures.floatImage(f));
            for (int i = 0; i < out.pixelCount(); i += 3) {
                double[] l = ColorMath.linearSrgbToLab(out.red()[i], out.green()[i], out.blue()[i]);
                sum += Math.hypot(l[1], l[2]);
                n++;
            }
        }
        return sum / n;
    }

    static boolean chromaOrdered(Preset ektar, Preset p400, Preset p160, Preset superia) {
        double e = meanChroma(ektar);
        double a = meanChroma(p400);
        double b = meanChroma(p160);
        double s = meanChroma(superia);
        return e > a && a > b && s > a;
    }

    @Test
    void meanChromaFollowsTheStocks() {
        Preset ek = preset("ektar-100");
        Preset p4 = preset("portra-400");
        Preset p1 = preset("portra-160");
        Preset su = preset("superia-xtra-400");
        System.out.printf("mean chroma: ektar %.2f portra-400 %.2f portra-160 %.2f superia %.2f%n",
                meanChroma(ek), meanChroma(p4), meanChroma(p1), meanChroma(su));
        assertTrue(chromaOrdered(ek, p4, p1, su));
        // negative control: a Portra 160 saturated like Ektar breaks the order
        assertFalse(chromaOrdered(ek, p4, p1.with("color-matrix.saturation", 1.4), su));
    }

    // ---- 5. warmth and casts ----

    static final float[] GREY = {0.18f, 0.18f, 0.18f};
    /** A light skin tone, sRGB (224, 172, 146), in linear light. */
    static final float[] SKIN = {(float) SrgbTransfer.decodeExact(224 / 255.0),
        (float) SrgbTransfer.decodeExact(172 / 255.0), (float) SrgbTransfer.decodeExact(146 / 255.0)};
    static final float[] SHADOW = {0.02f, 0.02f, 0.02f};

    static double bStar(Preset p, float[] in) {
        return lab(render(p, in[0], in[1], in[2]))[2];
    }

    static double aStar(Preset p, float[] in) {
        return lab(render(p, in[0], in[1], in[2]))[1];
    }

    static boolean warmerThan(Preset warm, Preset cool) {
        return bStar(warm, GREY) > bStar(cool, GREY) && bStar(warm, SKIN) > bStar(cool, SKIN);
    }

    @Test
    void warmthAndCastsFollowTheStocks() {
        Preset p4 = preset("portra-400");
        Preset gold = preset("gold-200");
        Preset su = preset("superia-xtra-400");
        Preset cine = preset("cinestill-800t");
        for (Preset p : List.of(p4, gold, su, cine)) {
            System.out.printf("%-18s grey b* %6.2f skin b* %6.2f shadow a* %6.2f%n", p.name(), bStar(p, GREY),
                    bStar(p, SKIN), aStar(p, SHADOW));
        }
        assertTrue(warmerThan(p4, su), "Portra 400 warmer than Superia");
        assertTrue(warmerThan(gold, su), "Gold 200 warmer than Superia");
        assertTrue(warmerThan(gold, p4), "Gold 200 warmer than Portra 400");
        assertTrue(bStar(cine, GREY) < 0, "CineStill 800T turns a daylight neutral cool");
        assertTrue(aStar(su, SHADOW) < aStar(p4, SHADOW), "Superia's shadows greener than Portra 400's");
        // negative controls: a cool-balanced Portra is not warmer; a tungsten balance of 6504 is not blue;
        // a magenta shadow tint on Superia is not greener
        assertFalse(warmerThan(p4.with("white-balance.temperature", 5000), su));
        assertFalse(bStar(cine.with("film-curve.balance", 6504).with("split-tone.shadow-amount", 0), GREY) < 0);
        assertFalse(aStar(su.with("split-tone.shadow-hue", 300), SHADOW) < aStar(p4, SHADOW));
    }

}
