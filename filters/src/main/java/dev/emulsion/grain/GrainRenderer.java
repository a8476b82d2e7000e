package dev.emulsion.grain;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;

/**
 * Grain for one image: renders bands of rows independently. Each band hashes its own white-noise rows
 * (plus a halo of the kernel radius above and below), filters them with the separable kernel through a
 * ring buffer of rows, mixes the layers and modulates each channel by the level-dependent amplitude. The
 * noise at a pixel depends only on the seed and the pixel's coordinates, so bands can run on any thread in
 * any order with the same result. Immutable; {@link #band} may run concurrently.
 */
final class GrainRenderer {
    private static final long SALT = 0x6A09E667F3BCC909L;
    private static final long ROW_STEP = 0xD1B54A32D192ED03L;
    private static final long COLUMN_STEP = 0x9E3779B97F4A7C15L;
    /** σ of the sum of two 16-bit uniforms (mono white noise: the two halves of a 32-bit hash per pixel). */
    private static final double SIGMA_MONO = Math.sqrt(2.0 * (65536.0 * 65536.0 - 1.0) / 12.0);
    /** σ of a 10-bit uniform (colour white noise: three of them per pixel from one 32-bit hash). */
    private static final double SIGMA_COLOUR = Math.sqrt((1024.0 * 1024.0 - 1.0) / 12.0);

    /** Multipliers of a 32-bit integer mixer (xor-shift-multiply rounds with low avalanche bias). */
    private static final int M1 = 0x7FEB352D;
    private static final int M2 = 0x846CA68B;
    private final int radius;
    private final float[] hx;
    private final float[] hy;
    private final long seedKey;
    private final float[] flat;
    private final float[] bump;
    private final boolean single;
    private final float alpha;
    private final float beta;

    /**
     * @param kernel the spatial kernel
     * @param seed   the image's seed
     * @param flat   per channel, the level-independent part of the amplitude {@code a}
     * @param bump   per channel, the weight of {@code t(1 − t)²}, {@code t = √L}, in {@code a}
     * @param single whether one noise field serves all channels (mono, or layers fully correlated)
     * @param alpha  own-layer weight of the layer mixing
     * @param beta   common weight of the layer mixing
     */
    GrainRenderer(GrainKernel kernel, long seed, float[] flat, float[] bump, boolean single, float alpha, float beta) {
        this.radius = kernel.radius;
        int n = kernel.taps.length;
        double sigmaRaw = single ? SIGMA_MONO : SIGMA_COLOUR;
        double norm = 1.0 / (sigmaRaw * kernel.energy);
        this.hx = new float[n];
        this.hy = new float[n];
        for (int i = 0; i < n; i++) {
            hx[i] = (float) kernel.taps[i];
            hy[i] = (float) (kernel.taps[i] * norm);
        }
        this.seedKey = RenderContext.mix(seed ^ SALT);
        this.flat = flat.clone();
        this.bump = bump.clone();
        this.single = single;
        this.alpha = alpha;
        this.beta = beta;
    }

    /**
     * A 32-bit key per column −r..w+r−1 (SplitMix64 of the column, so it depends on the column alone):
     * each row's noise is a 32-bit mix of its column key and a per-row key, which is plain int arithmetic
     * over arrays indexed by one counter and so vectorises, unlike a 64-bit hash per pixel.
     */
    private int[] columnKeys(int w) {
        int r = radius;
        int[] c = new int[w + 2 * r];
        for (int i = 0; i < c.length; i++) {
            c[i] = (int) RenderContext.mix(seedKey ^ ((i - r) * COLUMN_STEP));
        }
        return c;
    }

    /** Writes rows {@code [y0, y1)} of {@code out} from {@code in}. */
    void band(FloatImage in, FloatImage out, int y0, int y1) {
        int w = in.width();
        int r = radius;
        int taps = 2 * r + 1;
        int nf = single ? 1 : 3;
        float[][][] ring = new float[nf][taps][w];
        float[][] raw = new float[nf][w + 2 * r + 1];
        float[][] z = new float[nf][w];
        float[][] rows = new float[taps][];
        float[][] shifted = new float[4][w];
        float[] line = new float[w];
        int[][] columns = {columnKeys(w), new int[w + 2 * r]};
        for (int y = y0 - r; y < y0 + r; y++) {
            noiseRow(y, w, ring, raw, shifted, columns);
        }
        for (int y = y0; y < y1; y++) {
            noiseRow(y + r, w, ring, raw, shifted, columns);
            for (int f = 0; f < nf; f++) {
                for (int j = 0; j < taps; j++) {
                    rows[j] = ring[f][Math.floorMod(y - r + j, taps)];
                }
                vertical(rows, z[f], w);
            }
            int row = y * w;
            if (single) {
                float[] n = z[0];
                modulate(in.red(), out.red(), flat[0], bump[0], n, line, row, w);
                modulate(in.green(), out.green(), flat[1], bump[1], n, line, row, w);
                modulate(in.blue(), out.blue(), flat[2], bump[2], n, line, row, w);
            } else {
                float[] z0 = z[0];
                float[] z1 = z[1];
                float[] z2 = z[2];
                float al = alpha;
                float be = beta;
                // Mix in place: z_c ← α·z_c + β·(z0 + z1 + z2).
                for (int x = 0; x < w; x++) {
                    float s = be * (z0[x] + z1[x] + z2[x]);
                    z0[x] = al * z0[x] + s;
                    z1[x] = al * z1[x] + s;
                    z2[x] = al * z2[x] + s;
                }
                modulate(in.red(), out.red(), flat[0], bump[0], z0, line, row, w);
                modulate(in.green(), out.green(), flat[1], bump[1], z1, line, row, w);
                modulate(in.blue(), out.blue(), flat[2], bump[2], z2, line, row, w);
            }
        }
    }

    /**
     * {@code out = L·(1 − a·n + a²(n² − 1)/2)}, {@code a = flat + bump·t(1 − t)²}, {@code t = √L} clamped
     * to [0, 1]: a zero-mean density fluctuation of σ {@code a / ln 10}. The row is copied through
     * {@code line} so that every array in the loop is indexed by {@code x} alone, which C2 needs to
     * vectorise it; {@code t(1 − t)²} is written in Horner form for the same reason.
     */
    private static void modulate(float[] src, float[] dst, float flat, float bump, float[] n, float[] line,
                                 int row, int w) {
        System.arraycopy(src, row, line, 0, w);
        for (int x = 0; x < w; x++) {
            float v = line[x];
            float t = Math.min(1f, (float) Math.sqrt(Math.max(v, 0f)));
            float a = flat + bump * t * (1f + t * (t - 2f));
            float nx = n[x];
            line[x] = v + v * a * (0.5f * a * (nx * nx - 1f) - nx);
        }
        System.arraycopy(line, 0, dst, row, w);
    }

    /** z = Σ_j hy[j]·rows[j], using the kernel's symmetry; rows are taken two pairs per pass. */
    private void vertical(float[][] rows, float[] z, int w) {
        int r = radius;
        float[] mid = rows[r];
        float cm = hy[r];
        for (int x = 0; x < w; x++) {
            z[x] = cm * mid[x];
        }
        int j = 0;
        for (; j + 1 < r; j += 2) {
            float[] a0 = rows[j];
            float[] b0 = rows[2 * r - j];
            float[] a1 = rows[j + 1];
            float[] b1 = rows[2 * r - j - 1];
            float c0 = hy[j];
            float c1 = hy[j + 1];
            for (int x = 0; x < w; x++) {
                z[x] += c0 * (a0[x] + b0[x]) + c1 * (a1[x] + b1[x]);
            }
        }
        if (j < r) {
            float[] a0 = rows[j];
            float[] b0 = rows[2 * r - j];
            float c0 = hy[j];
            for (int x = 0; x < w; x++) {
                z[x] += c0 * (a0[x] + b0[x]);
            }
        }
    }

    /**
     * Hashes white noise for row {@code y}, columns −r..w+r−1, and filters it horizontally into the ring.
     * Each pixel's 32-bit hash mixes its column key with a SplitMix64 key of the row in two xor-shift-multiply
     * rounds, so it depends on (seed, x, y) alone, not on the band.
     */
    private void noiseRow(int y, int w, float[][][] ring, float[][] raw, float[][] shifted, int[][] columns) {
        int r = radius;
        int len = w + 2 * r;
        long rk = RenderContext.mix(seedKey + y * ROW_STEP);
        int k = (int) rk;
        int k2 = (int) (rk >>> 32);
        int[] hs = columns[1];
        int[] cs = columns[0];
        for (int i = 0; i < len; i++) {
            int h = cs[i] ^ k;
            h ^= h >>> 16;
            h *= M1;
            h ^= h >>> 15;
            h *= M2;
            h ^= h >>> 16;
            h += k2;
            h ^= h >>> 16;
            h *= M1;
            h ^= h >>> 15;
            hs[i] = h;
        }
        if (single) {
            float[] q = raw[0];
            for (int i = 0; i < len; i++) {
                int h = hs[i];
                q[i] = (float) ((h & 0xFFFF) + (h >>> 16) - 65535);
            }
        } else {
            float[] q0 = raw[0];
            float[] q1 = raw[1];
            float[] q2 = raw[2];
            for (int i = 0; i < len; i++) {
                int h = hs[i];
                q0[i] = (float) (h & 0x3FF) - 511.5f;
                q1[i] = (float) ((h >>> 10) & 0x3FF) - 511.5f;
                q2[i] = (float) ((h >>> 20) & 0x3FF) - 511.5f;
            }
        }
        int slot = Math.floorMod(y, 2 * r + 1);
        for (int f = 0; f < raw.length; f++) {
            horizontal(raw[f], ring[f][slot], shifted, w);
        }
    }

    /**
     * dst[x] = Σ_k hx[k]·q[x + k] using the kernel's symmetry. Loads at several offsets into one array stop
     * C2 from vectorising, so each pair of taps first copies its two shifted views into separate arrays.
     */
    private void horizontal(float[] q, float[] dst, float[][] shifted, int w) {
        int r = radius;
        float cm = hx[r];
        float[] a = shifted[0];
        float[] b = shifted[1];
        float[] c = shifted[2];
        float[] d = shifted[3];
        System.arraycopy(q, r, a, 0, w);
        for (int x = 0; x < w; x++) {
            dst[x] = cm * a[x];
        }
        int k = 0;
        for (; k + 1 < r; k += 2) {
            float c0 = hx[k];
            float c1 = hx[k + 1];
            System.arraycopy(q, k, a, 0, w);
            System.arraycopy(q, 2 * r - k, b, 0, w);
            System.arraycopy(q, k + 1, c, 0, w);
            System.arraycopy(q, 2 * r - k - 1, d, 0, w);
            for (int x = 0; x < w; x++) {
                dst[x] += c0 * (a[x] + b[x]) + c1 * (c[x] + d[x]);
            }
        }
        if (k < r) {
            float c0 = hx[k];
            System.arraycopy(q, k, a, 0, w);
            System.arraycopy(q, 2 * r - k, b, 0, w);
            for (int x = 0; x < w; x++) {
                dst[x] += c0 * (a[x] + b[x]);
            }
        }
    }
}
