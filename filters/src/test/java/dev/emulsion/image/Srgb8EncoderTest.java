package dev.emulsion.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast 8-bit writer ({@link Srgb8Encoder}): exact 8-bit round trips at every dither level, the dither's
 * expectation tracks the exact sRGB encoding, clipping, and agreement with the general quantizer.
 */
class Srgb8EncoderTest {
    @Test
    void every8BitCodeComesBackAtEveryDitherLevel() {
        for (int code = 0; code < 256; code++) {
            float x = SrgbTransfer.decode8(code);
            for (int level = 0; level < 256; level++) {
                assertEquals(code, Srgb8Encoder.code(x, level), "code " + code + " level " + level);
            }
        }
    }

    /**
     * Negative control for the round trip: a table of plain cell centres (what the encoder would hold without
     * the exact entries for the 256 codes) moves some codes at the extreme dither levels.
     */
    @Test
    void cellCentresAloneWouldBreakTheRoundTrip() {
        int shift = 23 - Srgb8Encoder.CELL_BITS;
        int moved = 0;
        for (int code = 1; code < 255; code++) {
            int bits = Float.floatToRawIntBits(SrgbTransfer.decode8(code));
            float centre = Float.intBitsToFloat((bits >>> shift << shift) + (1 << (shift - 1)));
            int fixed = (int) Math.round(SrgbTransfer.encodeExact(centre) * 255 * 65536);
            for (int level : new int[] {0, 255}) {
                if ((fixed + Dither.ROUND_FIXED + level * Dither.LEVEL_FIXED) >>> 16 != code) {
                    moved++;
                }
            }
        }
        assertTrue(moved > 0, "cell centres move " + moved + " code/level pairs");
    }

    /**
     * The mean code over all 256 dither levels follows the exact encoding: within 0.02 step everywhere
     * (cell width 0.013 step plus the 256-level quantization of the dither). Rounding without dither is off by
     * up to half a step, which the same check rejects.
     */
    @Test
    void ditherExpectationTracksTheExactEncoding() {
        SplittableRandom rnd = new SplittableRandom(3);
        double worst = 0;
        double worstUndithered = 0;
        for (int i = 0; i < 4000; i++) {
            double x = Math.pow(rnd.nextDouble(), 2.4);
            double exact = SrgbTransfer.encodeExact((float) x) * 255;
            double sum = 0;
            for (int level = 0; level < 256; level++) {
                sum += Srgb8Encoder.code((float) x, level);
            }
            worst = Math.max(worst, Math.abs(sum / 256 - exact));
            worstUndithered = Math.max(worstUndithered, Math.abs(Srgb8Encoder.code((float) x, 127) - exact));
        }
        assertTrue(worst < 0.02, "mean code off by " + worst + " step");
        assertTrue(worstUndithered > 0.4, "a fixed level must fail the same check, off by " + worstUndithered);
    }

    @Test
    void outOfRangeValuesClip() {
        for (int level : new int[] {0, 128, 255}) {
            assertEquals(0, Srgb8Encoder.code(Float.NaN, level));
            assertEquals(0, Srgb8Encoder.code(Float.intBitsToFloat(0xffc00000), level));
            assertEquals(0, Srgb8Encoder.code(-3f, level));
            assertEquals(0, Srgb8Encoder.code(Float.NEGATIVE_INFINITY, level));
            assertEquals(0, Srgb8Encoder.code(-0f, level));
            assertEquals(0, Srgb8Encoder.code(1e-30f, level));
            assertEquals(255, Srgb8Encoder.code(1f, level));
            assertEquals(255, Srgb8Encoder.code(1e30f, level));
            assertEquals(255, Srgb8Encoder.code(Float.POSITIVE_INFINITY, level));
        }
    }

    /** The fast path (3BYTE_BGR) and the general quantizer (INT_RGB) use the same dither: they agree. */
    @Test
    void fastPathAgreesWithTheGeneralQuantizer() {
        int w = 5000;
        int h = 7;
        FloatImage img = FloatImage.create(w, h, false);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int c = 0; c < 3; c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (rnd.nextDouble() * 1.2 - 0.1);
            }
        }
        BufferedImage fast = ImageConversion.toBufferedImage(img, 8, 77);
        BufferedImage general = ImageConversion.toBufferedImageLike(img,
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 77, dev.emulsion.chain.StripScheduler.sequential());
        int[] a = fast.getRaster().getPixels(0, 0, w, h, (int[]) null);
        int[] b = general.getRaster().getPixels(0, 0, w, h, (int[]) null);
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 1, "sample " + i + ": " + a[i] + " vs " + b[i]);
            differ += a[i] != b[i] ? 1 : 0;
        }
        assertTrue(differ < a.length / 50, differ + " of " + a.length + " samples differ");
    }

    @Test
    void blockAndRowFillsGiveThePixelHashes() {
        int key = Dither.rowKey(12345L, 77);
        int[] row = new int[9000];
        Dither.fillRow(key, row.length, row);
        int[] block = new int[4096];
        for (int x0 = 0; x0 < row.length; x0 += 4096) {
            int n = Math.min(4096, row.length - x0);
            Dither.fillBlock(key, x0, n, block);
            for (int i = 0; i < n; i++) {
                assertEquals(Dither.pixelBits(key, x0 + i), block[i]);
                assertEquals(Dither.pixelBits(key, x0 + i), row[x0 + i]);
            }
        }
    }
}
