package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LensSoftnessTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(2));
    static final double ANGLE = Math.toRadians(5);

    /** A pixel-sharp (area-sampled) edge 5° off vertical through the centre: 0.1 left, 0.8 right. */
    static FloatImage slantedEdge(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double tan = Math.tan(ANGLE);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = (x - cx) - tan * (y - cy);
                double cover;
                if (d < -1.5) {
                    cover = 0;
                } else if (d > 1.5) {
                    cover = 1;
                } else {
                    int n = 0;
                    for (int j = 0; j < 16; j++) {
                        for (int i = 0; i < 16; i++) {
                            double sx = x - 0.5 + (i + 0.5) / 16;
                            double sy = y - 0.5 + (j + 0.5) / 16;
                            if ((sx - cx) - tan * (sy - cy) >= 0) {
                                n++;
                            }
                        }
                    }
                    cover = n / 256.0;
                }
                float v = (float) (0.1 + 0.7 * cover);
                int k = y * w + x;
                img.red()[k] = v;
                img.green()[k] = v;
                img.blue()[k] = v;
            }
        }
        return img;
    }

    /**
     * Slanted-edge MTF50 (after ISO 12233): project pixels onto the edge normal, bin the edge spread function
     * at a quarter pixel, differentiate, window, Fourier-transform, correct for the binning and the
     * difference, and find where the MTF crosses 0.5.
     *
     * @return MTF50 in cycles/mm on film
     */
    static double mtf50(float[] p, int w, int h, double pitchMicrons) {
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double tan = Math.tan(ANGLE);
        double cos = Math.cos(ANGLE);
        double delta = 0.25;
        int half = 120;
        double[] sum = new double[2 * half];
        int[] cnt = new int[2 * half];
        for (int y = 20; y < h - 20; y++) {
            for (int x = (int) cx - 40; x <= (int) cx + 40; x++) {
                double d = ((x - cx) - tan * (y - cy)) * cos;
                int b = (int) Math.floor(d / delta) + half;
                if (b >= 0 && b < 2 * half) {
                    sum[b] += p[y * w + x];
                    cnt[b]++;
                }
            }
        }
        int n = 2 * half;
        double[] esf = new double[n];
        for (int i = 0; i < n; i++) {
            esf[i] = sum[i] / cnt[i];
        }
        double[] lsf = new double[n];
        for (int i = 1; i < n - 1; i++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            lsf[i] = (esf[i + 1] - esf[i - 1]) / 2 * hann;
        }
        double prev = 1;
        double prevF = 0;
        for (double f = 0.002; f < 1.5; f += 0.002) {
            double re = 0;
            double im = 0;
            double dc = 0;
            for (int i = 0; i < n; i++) {
                double d = (i - half + 0.5) * delta;
                re += lsf[i] * Math.cos(2 * Math.PI * f * d);
                im += lsf[i] * Math.sin(2 * Math.PI * f * d);
                dc += lsf[i];
            }
            double m = Math.hypot(re, im) / dc;
            double a = Math.PI * f * delta;
            m /= (Math.sin(a) / a) * (Math.sin(2 * a) / (2 * a));
            if (m < 0.5) {
                double fx = prevF + (f - prevF) * (prev - 0.5) / (prev - m);
                return fx / (pitchMicrons / 1000.0);
            }
            prev = m;
            prevF = f;
        }
        return Double.NaN;
    }

    @Test
    void slantedEdgeMtf50MatchesTheDeclaredValue() {
        int w = 3000;
        int h = 300;
        FloatImage edge = slantedEdge(w, h);
        double pitch = CTX.pixelPitchMicrons(w, h);
        FloatImage out = new LensSoftness(15).apply(edge, CTX);
        double m = mtf50(out.green(), w, h, pitch);
        assertEquals(1.0, m / 15, 0.10, "MTF50 " + m + " c/mm declared 15");

        // per-layer values of a colour negative (Portra 160: 35/66/57) at 6000 px
        int w2 = 6000;
        FloatImage edge2 = slantedEdge(w2, h);
        double pitch2 = CTX.pixelPitchMicrons(w2, h);
        double[] declared = {35, 66, 57};
        FloatImage out2 = new LensSoftness(declared).apply(edge2, CTX);
        for (int c = 0; c < 3; c++) {
            double mc = mtf50(out2.plane(c), w2, h, pitch2);
            System.out.printf("lens softness 35/66/57 at 6000 px, channel %d: MTF50 %.2f c/mm%n", c, mc);
            assertEquals(1.0, mc / declared[c], 0.10, "channel " + c + ": MTF50 " + mc + " declared " + declared[c]);
        }
    }

    @Test
    void theMeasurementRejectsAWrongRollOff() {
        // negative control: sigma = 1/(2π MTF50) (contrast 61 % at the declared frequency) and no pixel allowance
        int w = 3000;
        int h = 300;
        FloatImage edge = slantedEdge(w, h);
        double pitch = CTX.pixelPitchMicrons(w, h);
        double wrongSigmaPx = 1000.0 / (2 * Math.PI * 15) / pitch;
        float[] blurred = new float[w * h];
        Blur.gaussian(edge.green(), blurred, w, h, wrongSigmaPx, CTX.scheduler());
        double m = mtf50(blurred, w, h, pitch);
        assertTrue(Math.abs(m / 15 - 1) > 0.10, "wrong roll-off measures " + m);
        // and the untouched pixel-sharp edge is far sharper than the declared value
        assertTrue(mtf50(edge.green(), w, h, pitch) > 1.5 * 15);
        assertThrows(IllegalArgumentException.class, () -> new LensSoftness(1));
    }

    @Test
    void theThreeTapKernelKeepsTheDeclaredMtf50() {
        // Portra 400 (39/59/70 c/mm) at 6000 px on 35 mm: sigmas of 0.34-0.75 px, every channel on the 3-tap path
        int w = 6000;
        int h = 300;
        FloatImage edge = slantedEdge(w, h);
        double pitch = CTX.pixelPitchMicrons(w, h);
        double[] declared = {39, 59, 70};
        LensSoftness stage = new LensSoftness(declared);
        for (int c = 0; c < 3; c++) {
            assertTrue(LensSoftness.threeTap(stage.blurSigmaPx(c, w, h, CTX), declared[c] * pitch / 1000) != null,
                    "channel " + c + " takes the 3-tap path");
        }
        FloatImage out = stage.apply(edge, CTX);
        for (int c = 0; c < 3; c++) {
            double mc = mtf50(out.plane(c), w, h, pitch);
            System.out.printf("3-tap lens softness, channel %d: MTF50 %.2f c/mm declared %.0f%n", c, mc, declared[c]);
            assertEquals(1.0, mc / declared[c], 0.10, "channel " + c + ": MTF50 " + mc + " declared " + declared[c]);
            // the 5-tap kernel it replaces (matched at 0, 1/4 and 1/2 c/px rather than at MTF50), for the record
            float[] five = new float[w * h];
            Blur.gaussian(edge.plane(c), five, w, h, stage.blurSigmaPx(c, w, h, CTX), CTX.scheduler());
            System.out.printf("  5-tap of the same sigma: %.2f c/mm%n", mtf50(five, w, h, pitch));
        }
        // negative control: one fixed binomial [1/4, 1/2, 1/4] for every channel (a cheap blur that ignores the
        // declared value) is rejected on the sharper layers
        float[] binomial = new float[w * h];
        Blur.separable(edge.blue(), binomial, w, h, new float[] {0.25f, 0.5f, 0.25f}, CTX.scheduler());
        double mb = mtf50(binomial, w, h, pitch);
        assertTrue(Math.abs(mb / declared[2] - 1) > 0.10, "binomial blur measures " + mb + " c/mm on blue");
    }
}
