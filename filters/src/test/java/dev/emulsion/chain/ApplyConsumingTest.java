package dev.emulsion.chain;

import dev.emulsion.color.WhiteBalance;
import dev.emulsion.image.FloatImage;
import dev.emulsion.tone.BasicTone;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FilterChain#applyConsuming}: the same pixels as {@code apply}, without copying the handed-over input. */
class ApplyConsumingTest {
    static FilterChain chain(Stage... stages) {
        return FilterChain.builder().addAll(java.util.List.of(stages)).seed(5).threads(2).build();
    }

    static void assertSamePixels(FloatImage a, FloatImage b) {
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(a.plane(c), b.plane(c), 0f, "plane " + c);
        }
    }

    @Test
    void aLeadingPointRunWorksInTheInputsPlanesAndGivesTheSamePixels() {
        FilterChain chain = chain(new Exposure(0.5), new WhiteBalance(5000, 3), new BasicTone(0.02, 0.9));
        FloatImage in = FilterChainTest.noiseImage(300, 200, 8);
        FloatImage expected = chain.apply(in, chain.context());
        assertFalse(FilterChain.sharesPlanes(expected, in), "apply copies");
        FloatImage out = chain.applyConsuming(in, chain.context());
        assertSamePixels(expected, out);
        // The property the method exists for: the render happened in the handed-over planes (no new image).
        assertSame(in.red(), out.red());
    }

    @Test
    void aLeadingWholeImageStageAndAnEmptyChainGiveTheSamePixels() {
        Stage blur = TestStages.whole("test-shift", (img, ctx) -> {
            FloatImage o = img.copy();
            for (int c = 0; c < 3; c++) {
                float[] p = o.plane(c);
                for (int i = 1; i < p.length; i++) {
                    p[i] = 0.5f * (p[i] + img.plane(c)[i - 1]);
                }
            }
            return o;
        });
        FilterChain chain = chain(blur, new Exposure(-0.3), ChainSharingTest.dropAlpha(), new BasicTone(0.01, 0.95));
        FloatImage in = FilterChainTest.noiseImage(120, 90, 9);
        FloatImage copy = in.copy();
        FloatImage expected = chain.apply(in, chain.context());
        assertSamePixels(expected, chain.applyConsuming(copy, chain.context()));
        FloatImage again = in.copy();
        assertSamePixels(in, chain().applyConsuming(again, chain().context()));
        assertTrue(FilterChain.sharesPlanes(chain().applyConsuming(again, chain().context()), again));
    }
}
