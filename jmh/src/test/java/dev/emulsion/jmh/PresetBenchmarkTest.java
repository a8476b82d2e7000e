package dev.emulsion.jmh;

import dev.emulsion.chain.Stage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which part of a preset the per-preset benchmark times. */
class PresetBenchmarkTest {
    private static final List<Stage> STAGES =
            PresetStages.load("stages:exposure(ev=0.5)+tone+exposure(ev=-0.25)+white-balance");

    @Test
    void labelsNumberRepeatedStages() {
        assertEquals(List.of("exposure", "tone", "exposure#2", "white-balance"), PresetStages.labels(STAGES));
    }

    @Test
    void selectsWholePartsAndSingleStages() {
        assertEquals(STAGES, PresetBenchmark.select(STAGES, "all", "p"));
        assertEquals(STAGES, PresetBenchmark.select(STAGES, "points", "p"));
        assertEquals(STAGES, PresetBenchmark.select(STAGES, "color", "p"));
        assertEquals(List.of(STAGES.get(2)), PresetBenchmark.select(STAGES, "exposure#2", "p"));
        assertEquals(-0.25, PresetBenchmark.select(STAGES, "exposure#2", "p").get(0).params().real("ev"), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PresetBenchmark.select(STAGES, "grain", "p"));
        assertTrue(e.getMessage().contains("exposure, tone, exposure#2, white-balance"), e.getMessage());
    }

    @Test
    void bundledPresetsLoadThroughTheLoaderAndEveryOneIsBenchmarked() throws Exception {
        List<String> bundled = PresetStages.bundled();
        assertTrue(bundled.contains("portra-400"), bundled.toString());
        for (String name : bundled) {
            assertTrue(!PresetStages.load(name).isEmpty(), name + " has stages");
        }
        String[] declared = PresetBenchmark.class.getField("preset")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        assertEquals(bundled, List.of(declared), "PresetBenchmark's default @Param lists every bundled preset");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PresetStages.load("no-such-preset"));
        assertTrue(e.getMessage().contains("unknown preset"), e.getMessage());
    }
}
