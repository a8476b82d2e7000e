package dev.emulsion.depth;

import dev.emulsion.image.FloatImage;

/** Colour and signal statistics for the depth tests. */
final class Measure {
    private Measure() {
    }

    /** CIELAB (D65) of a linear-sRGB colour. */
    static double[] lab(double r, double g, double b) {
        double x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
        double fx = f(x / 0.95047);
        double fy = f(y);
        double fz = f(z / 1.08883);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** ΔE*ab (CIE 1976) between pixel i of an image and a reference linear colour. */
    static double deltaE(FloatImage img, int i, double r, double g, double b) {
        double[] a = lab(img.red()[i], img.green()[i], img.blue()[i]);
        double[] c = lab(r, g, b);
        return Math.sqrt(sq(a[0] - c[0]) + sq(a[1] - c[1]) + sq(a[2] - c[2]));
    }

    static double sq(double v) {
        return v * v;
    }

    /** PSNR (dB, peak 1) between two images over the pixels where mask is true, all colour channels. */
    static double psnr(FloatImage a, FloatImage b, boolean[] mask) {
        double se = 0;
        long n = 0;
        for (int c = 0; c < 3; c++) {
            float[] p = a.plane(c);
            float[] q = b.plane(c);
            for (int i = 0; i < p.length; i++) {
                if (mask[i]) {
                    se += sq(p[i] - q[i]);
                    n++;
                }
            }
        }
        double mse = se / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /**
     * High-frequency energy of the green plane over the masked pixels: the squared difference between the
     * image and its 5×5 binomial blur (detail finer than about 2 px).
     */
    static double highFrequencyEnergy(FloatImage img, boolean[] mask) {
        int w = img.width();
        int h = img.height();
        float[] g = img.green();
        double[] k = {1, 4, 6, 4, 1};
        double e = 0;
        for (int y = 2; y < h - 2; y++) {
            for (int x = 2; x < w - 2; x++) {
                int i = y * w + x;
                if (!mask[i]) {
                    continue;
                }
                double s = 0;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        s += k[dy + 2] * k[dx + 2] * g[i + dy * w + dx];
                    }
                }
                e += sq(g[i] - s / 256);
            }
        }
        return e;
    }

    /** Shrinks a mask by {@code r} pixels (a pixel stays if its (2r+1)² neighbourhood is all set). */
    static boolean[] erode(boolean[] m, int w, int h, int r) {
        boolean[] out = new boolean[m.length];
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                boolean all = true;
                for (int dy = -r; dy <= r && all; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        if (!m[(y + dy) * w + x + dx]) {
                            all = false;
                            break;
                        }
                    }
                }
                out[y * w + x] = all;
            }
        }
        return out;
    }
}
