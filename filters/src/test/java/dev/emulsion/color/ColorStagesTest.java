package dev.emulsion.color;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.tone.Fade;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColorStagesTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1);

    static FloatImage random(int n, float scale, long seed) {
        FloatImage img = FloatImage.create(n, 1, false);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            img.red()[i] = r.nextFloat() * scale;
            img.green()[i] = r.nextFloat() * scale;
            img.blue()[i] = r.nextFloat() * scale;
        }
        return img;
    }

    static FloatImage run(Stage s, FloatImage in) {
        return FilterChain.of(s).apply(in, CTX);
    }

    static double lum(FloatImage img, int i) {
        return Hue.WR * img.red()[i] + Hue.WG * img.green()[i] + Hue.WB * img.blue()[i];
    }

    static double maxDiff(FloatImage a, FloatImage b) {
        double d = 0;
        for (int i = 0; i < a.pixelCount(); i++) {
            d = Math.max(d, Math.abs(a.red()[i] - b.red()[i]));
            d = Math.max(d, Math.abs(a.green()[i] - b.green()[i]));
            d = Math.max(d, Math.abs(a.blue()[i] - b.blue()[i]));
        }
        return d;
    }

    @Test
    void neutralSettingsAreIdentities() {
        FloatImage in = random(4096, 1.5f, 1);
        assertTrue(maxDiff(in, run(ColorMatrix.saturation(1), in)) < 1e-6);
        assertTrue(maxDiff(in, run(new HueAdjust(new double[8], new double[8], new double[8]), in)) < 2e-6);
        assertTrue(maxDiff(in, run(new SplitTone(120, 0, 40, 0, 0), in)) == 0);
        assertTrue(maxDiff(in, run(new Fade(0, 1), in)) == 0);
        // the check can fail
        assertTrue(maxDiff(in, run(ColorMatrix.saturation(1.1), in)) > 1e-3);
    }

    @Test
    void greysStayGreyAndLuminanceIsKept() {
        FloatImage grey = FloatImage.create(64, 1, false);
        for (int i = 0; i < 64; i++) {
            float v = i / 32f;
            grey.red()[i] = v;
            grey.green()[i] = v;
            grey.blue()[i] = v;
        }
        double[] h = {10, -20, 30, 40, -50, 60, 0, 5};
        double[] s = {0.5, -0.5, 1, 0.2, -0.3, 0.1, 0, 0};
        double[] l = {0.3, -0.3, 0.2, -0.2, 0.1, 0.5, 0, 0};
        for (Stage st : new Stage[] {new HueAdjust(h, s, l), ColorMatrix.saturation(1.7),
            new ColorMatrix(new double[] {0.9, 0.1, 0, 0.05, 0.9, 0.05, 0, 0.2, 0.8}, 1.2)}) {
            FloatImage out = run(st, grey);
            for (int i = 0; i < 64; i++) {
                assertEquals(grey.red()[i], out.red()[i], 1e-5 * (1 + grey.red()[i]), st + " grey " + i);
                assertEquals(out.red()[i], out.blue()[i], 1e-5 * (1 + grey.red()[i]));
            }
        }
        // hue and saturation changes (no luminance change) and split toning keep luminance
        FloatImage in = random(4096, 1f, 2);
        for (Stage st : new Stage[] {new HueAdjust(h, new double[] {0.3, 0.2, 0.1, 0.2, 0.3, 0.2, 0.1, 0.3}, new double[8]),
            new SplitTone(150, 0.3, 320, 0.2, 0.1), ColorMatrix.saturation(0.5)}) {
            FloatImage out = run(st, in);
            int kept = 0;
            for (int i = 0; i < in.pixelCount(); i++) {
                boolean clipped = out.red()[i] == 0 || out.green()[i] == 0 || out.blue()[i] == 0;
                if (!clipped) {
                    assertEquals(lum(in, i), lum(out, i), 1e-5, st.spec().name() + " pixel " + i);
                    kept++;
                }
            }
            assertTrue(kept > 3000);
        }
    }

    @Test
    void hueAdjustMovesTheChosenRangeOnly() {
        double[] hue = new double[8];
        hue[3] = 30; // green +30°
        double[] sat = new double[8];
        sat[0] = -0.5; // reds lose half their chroma
        HueAdjust a = new HueAdjust(hue, sat, new double[8]);
        assertEquals(30, a.response(0, 120), 6, "green turned by about 30°");
        assertEquals(0, a.response(0, 240), 4, "blue barely moves");
        FloatImage in = FloatImage.create(3, 1, false);
        float[][] c = {{0.1f, 0.5f, 0.1f}, {0.6f, 0.1f, 0.1f}, {0.1f, 0.1f, 0.6f}};
        for (int i = 0; i < 3; i++) {
            in.red()[i] = c[i][0];
            in.green()[i] = c[i][1];
            in.blue()[i] = c[i][2];
        }
        FloatImage out = run(a, in);
        double before = Hue.angle(c[0][0], c[0][1], c[0][2]);
        double after = Hue.angle(out.red()[0], out.green()[0], out.blue()[0]);
        assertEquals(before + a.response(0, before), after, 0.5, "green hue moved by the response");
        double chromaIn = Math.hypot(c[1][0] - (c[1][1] + c[1][2]) / 2, Hue.K * (c[1][1] - c[1][2]));
        double chromaOut = Math.hypot(out.red()[1] - (out.green()[1] + out.blue()[1]) / 2,
                Hue.K * (out.green()[1] - out.blue()[1]));
        assertEquals(1 + a.response(1, 0), chromaOut / chromaIn, 0.01, "red chroma scaled");
        assertTrue(a.response(1, 0) < -0.35, "red saturation about −0.5 after smoothing: " + a.response(1, 0));
        assertEquals(Hue.angle(c[2][0], c[2][1], c[2][2]), Hue.angle(out.red()[2], out.green()[2], out.blue()[2]), 4);
    }

    @Test
    void monochromeIsExactlyNeutralAndTonesWithoutChangingBlack() {
        FloatImage in = random(4096, 3f, 3);
        FloatImage out = run(new Monochrome(new double[] {0.3, 0.5, 0.2}, 30, 0), in);
        for (int i = 0; i < in.pixelCount(); i++) {
            assertEquals(out.red()[i], out.green()[i]);
            assertEquals(out.green()[i], out.blue()[i]);
            assertEquals(0.3 * in.red()[i] + 0.5 * in.green()[i] + 0.2 * in.blue()[i], out.red()[i], 1e-5);
        }
        FloatImage toned = run(new Monochrome(new double[] {0.3, 0.5, 0.2}, 30, 0.2), in);
        assertTrue(toned.red()[5] > toned.blue()[5], "sepia is warm");
        assertEquals(lum(out, 5), lum(toned, 5), 1e-5, "toning keeps luminance");
        FloatImage black = run(new Monochrome(new double[] {0.3, 0.5, 0.2}, 30, 0.2), FloatImage.filled(1, 1, 0, 0, 0));
        assertEquals(0f, black.red()[0]);
    }

    @Test
    void splitToneTintsShadowsAndHighlightsSeparately() {
        SplitTone st = new SplitTone(120, 0.5, 0, 0.5, 0); // green shadows, red highlights
        FloatImage out = run(st, FloatImage.filled(1, 1, 0.02f, 0.02f, 0.02f));
        assertTrue(out.green()[0] > out.red()[0], "shadows go green");
        out = run(st, FloatImage.filled(1, 1, 0.8f, 0.8f, 0.8f));
        assertTrue(out.red()[0] > out.green()[0], "highlights go red");
    }

    @Test
    void sameResultAtAnyThreadCountAndStripCut() {
        FloatImage in = FloatImage.create(301, 211, false);
        Random r = new Random(9);
        for (int i = 0; i < in.pixelCount(); i++) {
            in.red()[i] = r.nextFloat() * 2;
            in.green()[i] = r.nextFloat() * 2;
            in.blue()[i] = r.nextFloat() * 2;
        }
        java.util.List<Stage> look = java.util.List.of(
                dev.emulsion.tone.FilmCurve.of(java.util.Map.of("balance", 3200.0)),
                new ColorMatrix(new double[] {1.05, -0.03, -0.02, -0.02, 1.04, -0.02, -0.01, -0.04, 1.05}, 1.2),
                new HueAdjust(new double[] {5, 0, -5, 10, 0, 0, 5, 0}, new double[] {0.1, 0, 0.2, -0.1, 0, 0.1, 0, 0},
                        new double[] {0, 0.1, 0, 0, -0.1, 0, 0, 0}),
                new Fade(0.01, 0.96), new SplitTone(160, 0.2, 40, 0.1, 0));
        FloatImage one = FilterChain.builder().addAll(look).threads(1).seed(1).build().apply(in);
        FloatImage three = FilterChain.builder().addAll(look).threads(3).seed(1).build().apply(in);
        for (int i = 0; i < in.pixelCount(); i++) {
            assertEquals(one.red()[i], three.red()[i]);
            assertEquals(one.green()[i], three.green()[i]);
            assertEquals(one.blue()[i], three.blue()[i]);
        }
        // stage by stage (other strip cuts) gives the same as the fused chain
        FloatImage staged = in;
        for (Stage s : look) {
            staged = s.apply(staged, CTX);
        }
        assertEquals(0.0, maxDiff(one, staged));
    }

    @Test
    void fadeMapsBlackAndWhite() {
        FloatImage out = run(new Fade(0.03, 0.95), FloatImage.filled(1, 1, 0, 1, 0.5f));
        assertEquals(0.03f, out.red()[0], 1e-7);
        assertEquals(0.95f, out.green()[0], 1e-7);
        assertEquals(0.49f, out.blue()[0], 1e-6);
    }
}
