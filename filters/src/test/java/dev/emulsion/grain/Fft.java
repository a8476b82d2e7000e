package dev.emulsion.grain;

/** A small in-place radix-2 FFT for the spectrum test. */
final class Fft {
    private Fft() {
    }

    /** In-place FFT of length n (a power of two) over {@code re[off + i*stride]}, {@code im[...]}. */
    static void fft(double[] re, double[] im, int off, int stride, int n) {
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                int a = off + i * stride;
                int b = off + j * stride;
                double t = re[a];
                re[a] = re[b];
                re[b] = t;
                t = im[a];
                im[a] = im[b];
                im[b] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = off + (i + k) * stride;
                    int b = off + (i + k + len / 2) * stride;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
    }

    /** 2-D FFT of an n×n row-major array. */
    static void fft2(double[] re, double[] im, int n) {
        for (int y = 0; y < n; y++) {
            fft(re, im, y * n, 1, n);
        }
        for (int x = 0; x < n; x++) {
            fft(re, im, x, n, n);
        }
    }
}
