package dev.emulsion.image;

import dev.emulsion.chain.FilterChain;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real photographs as ImageIO decodes them: exact 8-bit and 1-LSB 16-bit round trips, types kept. */
class FixtureRoundTripTest {
    /** @return the fixture file: ../shared/fixtures seen from the project root (tests run in filters/) */
    static File fixtureFile(String name) {
        File f = new File("../../shared/fixtures", name);
        return f.isFile() ? f : new File("../../../shared/fixtures", name);
    }

    /** @return the fixture, or skips the test, except under CI where a missing fixture fails loudly */
    static BufferedImage fixture(String name) throws IOException {
        File f = fixtureFile(name);
        if (!f.isFile()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("fixture missing under CI: " + f.getAbsolutePath());
            }
            assumeTrue(false, "fixture " + name + " not found");
        }
        return ImageIO.read(f);
    }

    @Test
    void eightBitPhotosRoundTripExactly() throws IOException {
        for (String name : new String[] {"coffee.png", "chelsea.png"}) {
            BufferedImage in = fixture(name);
            BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(in), in);
            assertEquals(in.getType(), out.getType(), name);
            assertArrayEquals(ImageConversionTest.samples(in), ImageConversionTest.samples(out), name);
            // An empty chain is the identity on the file's codes too.
            assertArrayEquals(ImageConversionTest.samples(in),
                    ImageConversionTest.samples(FilterChain.builder().seed(1).build().apply(in)), name);
        }
    }

    @Test
    void sixteenBitGrayDepthMapStaysSixteenBitWithinOneStep() throws IOException {
        BufferedImage in = fixture("motorcycle_depth16.png");
        assertEquals(16, in.getColorModel().getComponentSize(0));
        BufferedImage out = ImageConversion.toBufferedImageLike(ImageConversion.toFloatImage(in), in);
        assertEquals(in.getType(), out.getType());
        int[] a = ImageConversionTest.samples(in);
        int[] b = ImageConversionTest.samples(out);
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst <= 1, "16-bit gray off by " + worst);
    }
}
