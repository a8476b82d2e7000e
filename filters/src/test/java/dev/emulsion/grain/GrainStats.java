package dev.emulsion.grain;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;

import java.util.SplittableRandom;

/** Measurements on grain residuals, shared by the grain tests, and generators of deliberately bad grain. */
final class GrainStats {
    private GrainStats() {
    }

    static RenderContext ctx(long seed, int threads) {
        return RenderContext.defaults().withSeed(seed).withScheduler(StripScheduler.ofThreads(threads));
    }

    /** Density residual −log10(out / in) per pixel. */
    static float[] densityResidual(float[] in, float[] out) {
        float[] d = new float[in.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) -Math.log10(out[i] / in[i]);
        }
        return d;
    }

    /** Linear residual out − in. */
    static float[] residual(float[] in, float[] out) {
        float[] d = new float[in.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = out[i] - in[i];
        }
        return d;
    }

    /** σ of the means of non-overlapping k×k boxes covering the plane. */
    static double boxSigma(float[] v, int w, int h, int k) {
        int bw = w / k;
        int bh = h / k;
        double s = 0;
        double s2 = 0;
        double[] row = new double[bw];
        for (int by = 0; by < bh; by++) {
            java.util.Arrays.fill(row, 0);
            for (int y = by * k; y < by * k + k; y++) {
                int o = y * w;
                for (int bx = 0; bx < bw; bx++) {
                    double acc = 0;
                    int x0 = o + bx * k;
                    for (int x = 0; x < k; x++) {
                        acc += v[x0 + x];
                    }
                    row[bx] += acc;
                }
            }
            for (int bx = 0; bx < bw; bx++) {
                double m = row[bx] / (k * k);
                s += m;
                s2 += m * m;
            }
        }
        long n = (long) bw * bh;
        double mean = s / n;
        return Math.sqrt(Math.max(0, s2 / n - mean * mean));
    }

    static double mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s / v.length;
    }

    static double sigma(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float f : v) {
            s += (f - m) * (f - m);
        }
        return Math.sqrt(s / v.length);
    }

    static double correlation(float[] a, float[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma;
            double y = b[i] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Autocorrelation of a plane at horizontal lag {@code lag}. */
    static double lagCorrelation(float[] v, int w, int h, int lag) {
        double m = mean(v);
        double s = 0;
        double s0 = 0;
        for (int y = 0; y < h; y++) {
            int o = y * w;
            for (int x = 0; x + lag < w; x++) {
                s += (v[o + x] - m) * (v[o + x + lag] - m);
                s0 += (v[o + x] - m) * (v[o + x] - m);
            }
        }
        return s / s0;
    }

    /** Box-downscales a plane by an integer factor. */
    static float[] downscale(float[] v, int w, int h, int f) {
        int ow = w / f;
        int oh = h / f;
        float[] o = new float[ow * oh];
        for (int y = 0; y < oh * f; y++) {
            for (int x = 0; x < ow * f; x++) {
                o[(y / f) * ow + x / f] += v[y * w + x];
            }
        }
        float inv = 1f / (f * f);
        for (int i = 0; i < o.length; i++) {
            o[i] *= inv;
        }
        return o;
    }

    /** Independent Gaussian noise of σ 1 per pixel. */
    static float[] whiteNoise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box–Muller pair
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            double m = Math.sqrt(-2 * Math.log(u1));
            v[i] = (float) (m * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                v[i + 1] = (float) (m * Math.sin(2 * Math.PI * u2));
            }
        }
        return v;
    }

    /** Separable Gaussian blur (σ px, radius 4σ) with wrap-around, normalised to unit output σ. */
    static float[] gaussianBlurred(float[] v, int w, int h, double s) {
        int r = (int) Math.ceil(4 * s);
        double[] k = new double[2 * r + 1];
        double e = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * s * s));
        }
        double sum = 0;
        for (double t : k) {
            sum += t;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
            e += k[i] * k[i];
        }
        float[] tmp = new float[v.length];
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = 0;
                for (int i = -r; i <= r; i++) {
                    a += k[i + r] * v[y * w + Math.floorMod(x + i, w)];
                }
                tmp[y * w + x] = (float) a;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = 0;
                for (int i = -r; i <= r; i++) {
                    a += k[i + r] * tmp[Math.floorMod(y + i, h) * w + x];
                }
                out[y * w + x] = (float) (a / e);
            }
        }
        return out;
    }

    static FloatImage grey(int w, int h, float level) {
        return FloatImage.filled(w, h, level, level, level);
    }
}
