package dev.emulsion.image;

import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Banding: a smooth 16-bit gradient quantized to 8 bits must show no band wider than the dither allows.
 *
 * <p>Statistics, measured on the red channel of a 4096 x 64 gradient that climbs 5.1 8-bit steps
 * (slope s = 0.00125 step per pixel, so an undithered band is 1/s = 800 px wide):
 * <ul>
 *   <li><b>longest run</b> of one code along a row. With rectangular dither of half-width
 *       {@value Dither#HALF_WIDTH}, a pixel is certain to keep the nearest code only within 0.005 step of it
 *       (8 px here); beyond that the chance of staying falls linearly, so a run of L pixels centred on a code
 *       has probability about exp(-s L² / 4). We allow L = 1/(2 s) = 400 px, half the undithered band
 *       (probability e^-50 per try; the measured longest run is 168 px, undithered 803 px).</li>
 *   <li><b>tracking error</b>: the mean code over each 32-column block against the exact value. Dither is
 *       unbiased (measured 0.028 step, allowed 0.06); rounding alone is off by up to half a step in a
 *       staircase (measured 0.48).</li>
 * </ul>
 * Both are run on the undithered quantizer too (the negative control), which must fail them.
 */
class DitherTest {
    static final int W = 4096;
    static final int H = 64;
    static final double LOW = 0.30;
    static final double HIGH = 0.32;

    static BufferedImage gradient16() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
        int[] row = new int[W * 3];
        for (int x = 0; x < W; x++) {
            int v = (int) Math.round((LOW + (HIGH - LOW) * x / (W - 1)) * 65535);
            row[3 * x] = v;
            row[3 * x + 1] = v;
            row[3 * x + 2] = v;
        }
        for (int y = 0; y < H; y++) {
            img.getRaster().setPixels(0, y, W, 1, row);
        }
        return img;
    }

    /** Quantizes the red plane to 8 bits with ({@code dither}) or without our dither. */
    static int[] quantizeRed(FloatImage f, boolean dither) {
        if (dither) {
            BufferedImage out = ImageConversion.toBufferedImage(f, 8, 99);
            return out.getRaster().getSamples(0, 0, W, H, 0, (int[]) null);
        }
        int[] codes = new int[W * H];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = ImageConversion.quantize(SrgbTransfer.encode(f.red()[i]), 255, 0f);
        }
        return codes;
    }

    static int longestRun(int[] codes) {
        int longest = 0;
        for (int y = 0; y < H; y++) {
            int run = 1;
            for (int x = 1; x < W; x++) {
                run = codes[y * W + x] == codes[y * W + x - 1] ? run + 1 : 1;
                longest = Math.max(longest, run);
            }
        }
        return longest;
    }

    static double worstTrackingError(int[] codes) {
        double worst = 0;
        for (int x0 = 0; x0 < W; x0 += 32) {
            double sum = 0;
            double exact = 0;
            for (int y = 0; y < H; y++) {
                for (int x = x0; x < x0 + 32; x++) {
                    sum += codes[y * W + x];
                    exact += (LOW + (HIGH - LOW) * x / (W - 1)) * 255;
                }
            }
            worst = Math.max(worst, Math.abs(sum - exact) / (32.0 * H));
        }
        return worst;
    }

    static final int ALLOWED_RUN = 400;
    static final double ALLOWED_TRACKING = 0.06;

    @Test
    void smoothSixteenBitGradientShowsNoBandInEightBits() {
        FloatImage f = ImageConversion.toFloatImage(gradient16());
        int[] codes = quantizeRed(f, true);
        int run = longestRun(codes);
        double track = worstTrackingError(codes);
        assertTrue(run <= ALLOWED_RUN, "longest run " + run + " px");
        assertTrue(track <= ALLOWED_TRACKING, "tracking error " + track + " step");
    }

    @Test
    void unditheredQuantizationFailsTheBandingStatistics() {
        FloatImage f = ImageConversion.toFloatImage(gradient16());
        int[] codes = quantizeRed(f, false);
        assertTrue(longestRun(codes) > ALLOWED_RUN, "undithered run " + longestRun(codes));
        assertTrue(worstTrackingError(codes) > 4 * ALLOWED_TRACKING, "undithered tracking " + worstTrackingError(codes));
    }

    @Test
    void noiseIsUniformCentredAndIndependentPerChannel() {
        int n = 200_000;
        double[] sum = new double[4];
        double[] sq = new double[4];
        double cross = 0;
        float lo = 1;
        float hi = -1;
        for (int i = 0; i < n; i++) {
            int x = i % 500;
            int y = i / 500;
            int bits = Dither.pixelBits(Dither.rowKey(17, y), x);
            for (int c = 0; c < 4; c++) {
                float v = Dither.fromBits(bits, c);
                assertEquals(v, Dither.noise(17, x, y, c), 0f);
                sum[c] += v;
                sq[c] += v * v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            cross += Dither.fromBits(bits, 0) * Dither.fromBits(bits, 1);
        }
        double var = Dither.HALF_WIDTH * Dither.HALF_WIDTH * 4 / 12.0; // uniform of width 2 * HALF_WIDTH
        for (int c = 0; c < 4; c++) {
            assertEquals(0, sum[c] / n, 0.005, "mean of channel " + c);
            assertEquals(var, sq[c] / n, 0.003, "variance of channel " + c);
        }
        assertEquals(0, cross / n / var, 0.02, "correlation of red and green noise");
        assertTrue(lo > -Dither.HALF_WIDTH && hi < Dither.HALF_WIDTH && lo < -0.49 && hi > 0.49, lo + " " + hi);
    }

    @Test
    void neighbouringPixelsAndRowsAreUncorrelated() {
        double c = 0;
        double r = 0;
        int n = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                float v = Dither.noise(3, x, y, 0);
                c += v * Dither.noise(3, x + 1, y, 0);
                r += v * Dither.noise(3, x, y + 1, 0);
                n++;
            }
        }
        double var = 0.99 * 0.99 / 12;
        assertEquals(0, c / n / var, 0.02);
        assertEquals(0, r / n / var, 0.02);
        assertTrue(Dither.noise(3, 5, 5, 0) != Dither.noise(4, 5, 5, 0), "seed changes the pattern");
    }
}
