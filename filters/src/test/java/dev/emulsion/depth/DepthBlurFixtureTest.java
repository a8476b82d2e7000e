package dev.emulsion.depth;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6, test 6: the real scene. The Middlebury motorcycle with its measured depth (normalized inverse
 * depth, 65535 = 2.11 m, 0 = 5.02 m), an 85 mm f/2 lens on 35 mm film focused on the tank (about 2.2 m
 * by the ground truth). The shelves behind (3.4–4.4 m) must lose at least 60 % of their high-frequency
 * energy while the tank keeps at least 90 %. Needs ../shared/fixtures (fails under CI=true if missing).
 */
class DepthBlurFixtureTest {
    static final double TANK_X = 420.0 / 741;
    static final double TANK_Y = 170.0 / 500;

    static DepthBlur tankFocused(DepthMap map) {
        return DepthBlur.builder().depth(map).distances(2.11, 5.02).focusPoint(TANK_X, TANK_Y)
                .focalLength(85).fNumber(2).aperture(6, 0, 0.3).build();
    }

    @Test
    void shelvesBlurTankStaysSharp() throws IOException {
        FloatImage img = Fixtures.image("motorcycle_left.png");
        DepthMap inverse = DepthMap.read(Fixtures.file("motorcycle_depth16.png"), DepthMap.Kind.INVERSE, 0);
        DepthMap mm = DepthMap.read(Fixtures.file("motorcycle_depth_mm16.png"), DepthMap.Kind.METRIC, 0.001);
        RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(2));
        DepthBlur stage = tankFocused(inverse);
        FloatImage out = stage.apply(img, ctx);

        int w = img.width();
        int h = img.height();
        float[] z = mm.resample(w, h); // 1/z in 1/m
        double zf = 1 / DepthBlur.medianAt(z, w, h, TANK_X, TANK_Y);
        boolean[] shelves = new boolean[w * h];
        boolean[] tank = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = 1 / z[y * w + x];
                shelves[y * w + x] = x >= 360 && y < 110 && d > 3.3;
                tank[y * w + x] = x >= 360 && x < 480 && y >= 130 && y < 210 && Math.abs(d - zf) < 0.08;
            }
        }
        shelves = Measure.erode(shelves, w, h, 3);
        tank = Measure.erode(tank, w, h, 3);
        double shelfKept = Measure.highFrequencyEnergy(out, shelves) / Measure.highFrequencyEnergy(img, shelves);
        double tankKept = Measure.highFrequencyEnergy(out, tank) / Measure.highFrequencyEnergy(img, tank);
        System.out.printf("motorcycle: focus %.2f m; shelves keep %.1f %% of HF energy, tank keeps %.1f %%%n",
                zf, 100 * shelfKept, 100 * tankKept);
        assertTrue(shelfKept <= 0.40, "the shelves lose at least 60 % of their detail: kept " + shelfKept);
        assertTrue(tankKept >= 0.90, "the tank keeps at least 90 % of its detail: kept " + tankKept);

        // The check rejects a wrong focus: focused on the shelves instead, the tank blurs and the shelves don't.
        FloatImage wrong = DepthBlur.builder().depth(inverse).distances(2.11, 5.02).focusDistance(4.0)
                .focalLength(85).fNumber(2).aperture(6, 0, 0.3).build().apply(img, ctx);
        double wrongShelf = Measure.highFrequencyEnergy(wrong, shelves) / Measure.highFrequencyEnergy(img, shelves);
        double wrongTank = Measure.highFrequencyEnergy(wrong, tank) / Measure.highFrequencyEnergy(img, tank);
        assertTrue(wrongShelf > 0.40 && wrongTank < 0.90,
                "negative control (focus on the shelves): shelves " + wrongShelf + ", tank " + wrongTank);

        // The metric map and the inverse map with its two distances describe the same depth.
        FloatImage viaMm = DepthBlur.builder().depth(mm).focusPoint(TANK_X, TANK_Y).focalLength(85).fNumber(2)
                .aperture(6, 0, 0.3).build().apply(img, ctx);
        double metricShelf = Measure.highFrequencyEnergy(viaMm, shelves) / Measure.highFrequencyEnergy(img, shelves);
        assertTrue(Math.abs(metricShelf - shelfKept) < 0.05, "metric and inverse maps agree: " + metricShelf);
    }
}
