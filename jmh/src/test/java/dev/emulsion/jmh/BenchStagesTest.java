package dev.emulsion.jmh;

import dev.emulsion.chain.Stage;
import dev.emulsion.tone.BasicTone;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stage lists written as benchmark parameters. */
class BenchStagesTest {
    @Test
    void parsesNamesAndParameters() {
        List<Stage> s = BenchStages.parse("exposure(ev=0.5) + tone(black-lift=0.05;highlight-knee=0.7)");
        assertEquals(2, s.size());
        assertEquals(0.5, ((Exposure) s.get(0)).ev(), 0);
        assertTrue(s.get(1) instanceof BasicTone);
        assertEquals(0.05, s.get(1).params().real("black-lift"), 0);
        assertEquals("exposure+white-balance+tone", BenchStages.names(BenchStages.parse("foundation")));
    }

    @Test
    void rejectsWhatItCannotBuild() {
        assertThrows(IllegalArgumentException.class, () -> BenchStages.parse("no-such-stage"));
        assertThrows(IllegalArgumentException.class, () -> BenchStages.parse("exposure(ev=99)"));
        assertThrows(IllegalArgumentException.class, () -> BenchStages.parse("exposure(ev)"));
        assertThrows(IllegalArgumentException.class, () -> BenchStages.parse("exposure(ev=1"));
        assertThrows(IllegalArgumentException.class, () -> BenchStages.parse(" + "));
        assertThrows(IllegalArgumentException.class, () -> BenchStages.neighbourhood("exposure+tone"));
    }
}
