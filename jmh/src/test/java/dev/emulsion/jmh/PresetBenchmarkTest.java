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
    void namesNeedTheLoaderUntilItIsWiredIn() {
        // ADAPT(presets): when PresetStages.load uses the loader, turn this into a test that portra-400 loads
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PresetStages.load("portra-400"));
        assertTrue(e.getMessage().contains("ADAPT"), e.getMessage());
    }
}
