package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole-image stage may return a view sharing planes with its input; the chain must still not mutate it. */
class ChainSharingTest {
    /** Returns a new image object that shares the colour planes of its input (legal: the input is untouched). */
    static Stage dropAlpha() {
        return TestStages.whole("test-drop-alpha", (in, ctx) -> in.withAlpha(null));
    }

    @Test
    void pointStagesAfterAPlaneSharingStageDoNotWriteIntoTheInput() {
        FloatImage in = FilterChainTest.noiseImage(50, 40, 3);
        FloatImage before = in.copy();
        FloatImage out = FilterChain.builder().add(dropAlpha()).add(new Exposure(1)).seed(1).build().apply(in);
        assertArrayEquals(before.red(), in.red(), 0f, "input red plane was modified");
        assertEquals(2 * before.green()[7], out.green()[7], 1e-6f);
        assertFalse(FilterChain.sharesPlanes(out, in));
    }

    @Test
    void aChainEndingInAPlaneSharingStageReturnsUnsharedPlanes() {
        FloatImage in = FilterChainTest.noiseImage(20, 10, 4);
        FloatImage out = FilterChain.builder().add(dropAlpha()).seed(1).build().apply(in);
        assertFalse(FilterChain.sharesPlanes(out, in));
        assertArrayEquals(in.red(), out.red(), 0f);
        assertTrue(!out.hasAlpha());
        // Negative control: the stage on its own does share.
        assertTrue(FilterChain.sharesPlanes(dropAlpha().apply(in, RenderContext.defaults()), in));
    }
}
