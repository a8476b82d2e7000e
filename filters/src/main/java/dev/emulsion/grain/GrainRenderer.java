package dev.emulsion.grain;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;

/**
 * Grain for one image: renders bands of rows independently.
 *
 * <p><b>Noise field.</b> Unit grain noise is white noise hashed from (seed, x, y) and filtered with the
 * separable kernel ({@link NoiseRows}); in colour mode three such unit fields are mixed into the three
 * correlated dye layers.
 *
 * <p><b>Template.</b> On a large image the field is not filtered per pixel. One square template of
 * {@code size²} pixels of the unit field is rendered per image and the image is covered by blocks of
 * {@code block²} pixels, each reading the template at its own offset, right way up or upside down, hashed
 * from (seed, layer, block); in colour mode each layer reads its own offset, so the three layers are
 * independent unit fields before the mixing. Neighbouring blocks overlap by {@code overlap} pixels (four
 * times the kernel radius) and are cross-faded there with weights {@code sin θ, cos θ} per axis, whose
 * squares sum to 1, so the variance, and so the grain's σ, is the same in the overlaps as inside the blocks;
 * the correlation over a kernel radius drops by less than 8 % there. Nothing repeats periodically, and with
 * small blocks from a template 8 blocks wide (and the flips, which mirror a block's spectrum) the averaged
 * power spectrum is as smooth as that of the filtered field. The per-pixel work drops to copying template
 * rows and one cross-fade pass, and the template (1 MB at typical sizes) stays in the L2 cache. Images
 * smaller than four templates filter the field at their own coordinates instead.
 *
 * <p>The noise at a pixel depends only on the seed and the pixel's coordinates, so bands can run on any
 * thread in any order with the same result. Immutable; {@link #band} may run concurrently.
 */
final class GrainRenderer {
    private static final long SALT = 0x6A09E667F3BCC909L;
    private static final long BLOCK_SALT = 0x3C6EF372FE94F82BL;
    private static final long ROW_STEP = 0xD1B54A32D192ED03L;
    private static final long COLUMN_STEP = 0x9E3779B97F4A7C15L;
    private static final long BLOCK_ROW_STEP = 0xA0761D6478BD642FL;
    private static final long BLOCK_COLUMN_STEP = 0xE7037ED1A0B428DBL;
    /** σ of the sum of two 16-bit uniforms (mono white noise: the two halves of a 32-bit hash per pixel). */
    private static final double SIGMA_MONO = Math.sqrt(2.0 * (65536.0 * 65536.0 - 1.0) / 12.0);
    /** σ of a 10-bit uniform (colour white noise: three of them per pixel from one 32-bit hash). */
    private static final double SIGMA_COLOUR = Math.sqrt((1024.0 * 1024.0 - 1.0) / 12.0);
    /** Multipliers of a 32-bit integer mixer (xor-shift-multiply rounds with low avalanche bias). */
    private static final int M1 = 0x7FEB352D;
    private static final int M2 = 0x846CA68B;
    /**
     * Smallest template side; the offsets range over (size − block − overlap)² positions. A template only
     * 4 blocks wide (512 px, blocks of 128) leaves lumps in the averaged power spectrum of an image (peak /
     * local median 2.0–2.2 with the flips, 2.3–3.0 without, against 1.65 for the filtered field); 8 blocks
     * wide gives 1.65–1.75.
     */
    static final int MIN_TEMPLATE = 512;
    /** Smallest block side. */
    static final int MIN_BLOCK = 64;
    /** Template side in blocks. */
    static final int TEMPLATE_BLOCKS = 8;

    private final int radius;
    private final float[] hx;
    /** Vertical taps, scaled to unit output σ for the mono (one field) and the colour (three fields) hash. */
    private final float[] hyMono;
    private final float[] hyColour;
    private final long seedKey;
    private final float[] flat;
    private final float[] bump;
    private final boolean single;
    private final float alpha;
    private final float beta;
    private final int nf;

    /** Template side, or 0 when the field is filtered at the image's own coordinates. */
    private final int size;
    private final int block;
    private final int overlap;
    /** Number of offsets along each axis: {@code size − block − overlap + 1}. */
    private final int range;
    /** {@code size²} values of the unit grain field, exactly zero-mean and of unit variance. */
    private final float[] template;
    /**
     * Per column of the image, the weights of the template rows copied by even and by odd blocks: a block's
     * own weight ({@code sin θ} in its first {@code overlap} columns, else 1) and its left neighbour's
     * continuation ({@code cos θ} there, else 0), whichever parity each has.
     */
    private final float[] wEven;
    private final float[] wOdd;

    /**
     * @param kernel    the spatial kernel
     * @param seed      the image's seed
     * @param flat      per channel, the level-independent part of the amplitude {@code a}
     * @param bump      per channel, the weight of {@code t(1 − t)²}, {@code t = √L}, in {@code a}
     * @param single    whether one noise field serves all channels (mono, or layers fully correlated)
     * @param alpha     own-layer weight of the layer mixing
     * @param beta      common weight of the layer mixing
     * @param width     image width
     * @param height    image height
     * @param templated whether to use templates when the image is large enough (false: always filter per
     *                  pixel, the reference the templated grain is tested against)
     */
    GrainRenderer(GrainKernel kernel, long seed, float[] flat, float[] bump, boolean single, float alpha,
                  float beta, int width, int height, boolean templated) {
        this.radius = kernel.radius;
        int n = kernel.taps.length;
        this.hx = new float[n];
        this.hyMono = new float[n];
        this.hyColour = new float[n];
        for (int i = 0; i < n; i++) {
            hx[i] = (float) kernel.taps[i];
            hyMono[i] = (float) (kernel.taps[i] / (SIGMA_MONO * kernel.energy));
            hyColour[i] = (float) (kernel.taps[i] / (SIGMA_COLOUR * kernel.energy));
        }
        this.seedKey = RenderContext.mix(seed ^ SALT);
        this.flat = flat.clone();
        this.bump = bump.clone();
        this.single = single;
        this.alpha = alpha;
        this.beta = beta;
        this.nf = single ? 1 : 3;
        int ov = Math.max(8, 4 * radius);
        int bl = Math.max(MIN_BLOCK, 4 * ov);
        int s = Math.max(MIN_TEMPLATE, TEMPLATE_BLOCKS * bl);
        // A template is worth it when rendering it costs at most a quarter of filtering the image itself.
        if (templated && (long) s * s * 4 <= (long) width * height) {
            this.size = s;
            this.block = bl;
            this.overlap = ov;
            this.range = s - bl - ov + 1;
            this.template = renderTemplate(s);
            this.wEven = new float[width];
            this.wOdd = new float[width];
            for (int x = 0; x < width; x++) {
                int u = (x + ov) % bl;
                double theta = u < ov ? 0.5 * Math.PI * (u + 0.5) / ov : 0.5 * Math.PI;
                float own = (float) Math.sin(theta);
                float left = u < ov ? (float) Math.cos(theta) : 0f;
                boolean even = ((x + ov) / bl & 1) == 0;
                wEven[x] = even ? own : left;
                wOdd[x] = even ? left : own;
            }
        } else {
            this.size = 0;
            this.block = 0;
            this.overlap = 0;
            this.range = 0;
            this.template = null;
            this.wEven = null;
            this.wOdd = null;
        }
    }

    /** @return whether this renderer reads templates (false: filters the field at image coordinates) */
    boolean templated() {
        return template != null;
    }

    /** @return the block side in pixels (0 when not templated) */
    int block() {
        return block;
    }

    /** @return the width of the cross-faded overlap between blocks in pixels (0 when not templated) */
    int overlap() {
        return overlap;
    }

    /**
     * One unit field over [0, s)² at its own coordinates, shifted and scaled to exactly zero mean and unit
     * variance, so that the template's finite-sample deviations do not bias the image's mean or σ.
     */
    private float[] renderTemplate(int s) {
        float[] t = new float[s * s];
        NoiseRows rows = new NoiseRows(s, 0, true);
        for (int y = 0; y < s; y++) {
            System.arraycopy(rows.next()[0], 0, t, y * s, s);
        }
        double sum = 0;
        double sum2 = 0;
        for (float x : t) {
            sum += x;
            sum2 += (double) x * x;
        }
        double m = sum / t.length;
        double sd = Math.sqrt(Math.max(1e-30, sum2 / t.length - m * m));
        float fm = (float) m;
        float fs = (float) (1.0 / sd);
        for (int i = 0; i < t.length; i++) {
            t[i] = (t[i] - fm) * fs;
        }
        return t;
    }

    /** Writes rows {@code [y0, y1)} of {@code out} from {@code in}. */
    void band(FloatImage in, FloatImage out, int y0, int y1) {
        int w = in.width();
        float[] line = new float[w];
        if (template == null) {
            NoiseRows rows = new NoiseRows(w, y0, single);
            for (int y = y0; y < y1; y++) {
                modulateRow(in, out, rows.next(), line, y * w, w);
            }
            return;
        }
        int nbx = (w + overlap + block - 1) / block;
        float[] even = new float[w];
        float[] odd = new float[w];
        float[][] a = new float[nf][w];
        float[][] b = new float[nf][w];
        int[][] offs = new int[nf][nbx];
        int[][] prevOffs = new int[nf][nbx];
        int offsetsRow = Integer.MIN_VALUE;
        for (int y = y0; y < y1; y++) {
            // Block row by spans rows by·block − overlap …, its first overlap rows shared with block row by − 1.
            int by = Math.floorDiv(y + overlap, block);
            int v = y + overlap - by * block;
            if (by != offsetsRow) {
                offsets(by, offs);
                offsets(by - 1, prevOffs);
                offsetsRow = by;
            }
            for (int f = 0; f < nf; f++) {
                blockRow(v, w, offs[f], even, odd, a[f]);
            }
            if (v < overlap) {
                double theta = 0.5 * Math.PI * (v + 0.5) / overlap;
                float cs = (float) Math.sin(theta);
                float cp = (float) Math.cos(theta);
                for (int f = 0; f < nf; f++) {
                    float[] af = a[f];
                    float[] bf = b[f];
                    blockRow(v + block, w, prevOffs[f], even, odd, bf);
                    for (int x = 0; x < w; x++) {
                        af[x] = cs * af[x] + cp * bf[x];
                    }
                }
            }
            if (!single) {
                mix(a[0], a[1], a[2], w);
            }
            modulateRow(in, out, a, line, y * w, w);
        }
    }

    /**
     * The template offsets of block row {@code by}, per layer and block, hashed from (seed, layer, block):
     * each packs the column offset in bits 0–15, the row offset in bits 16–30 and whether the block reads
     * the template upside down in bit 31.
     */
    private void offsets(int by, int[][] offs) {
        for (int f = 0; f < offs.length; f++) {
            long rowKey = seedKey ^ BLOCK_SALT ^ (by * BLOCK_ROW_STEP) ^ ((long) f << 56);
            int[] o = offs[f];
            for (int i = 0; i < o.length; i++) {
                long h = RenderContext.mix(rowKey + i * BLOCK_COLUMN_STEP);
                int ox = (int) (((h & 0xFFFFFFFFL) * range) >>> 32);
                int oy = (int) ((((h >>> 32) & 0x7FFFFFFFL) * range) >>> 31);
                o[i] = ox | oy << 16 | (int) (h >>> 63) << 31;
            }
        }
    }

    /**
     * Row {@code ty} (0 ≤ ty < block + overlap) of one block row and layer into {@code dst}. Block bx spans
     * columns bx·block − overlap … bx·block + block − 1 (+ overlap into its right neighbour); even blocks
     * copy their template row into {@code even}, odd ones into {@code odd}, so that in each overlap both the
     * block's own row and its left neighbour's continuation are at hand, and one pass weights them.
     * Columns a buffer does not cover in this row keep older finite values, which have weight 0 there.
     */
    private void blockRow(int ty, int w, int[] offs, float[] even, float[] odd, float[] dst) {
        int s = size;
        int bl = block;
        int span = bl + overlap;
        float[] t = template;
        for (int bx = 0, x0 = -overlap; x0 < w; bx++, x0 += bl) {
            int o = offs[bx];
            int oy = ((o >>> 16) & 0x7FFF) + (o < 0 ? span - 1 - ty : ty);
            int start = Math.max(0, x0);
            System.arraycopy(t, oy * s + (o & 0xFFFF) + start - x0, (bx & 1) == 0 ? even : odd, start,
                    Math.min(x0 + span, w) - start);
        }
        float[] we = wEven;
        float[] wo = wOdd;
        for (int x = 0; x < w; x++) {
            dst[x] = we[x] * even[x] + wo[x] * odd[x];
        }
    }

    /** z_c ← α·z_c + β·(z0 + z1 + z2): unit fields become three layers correlating pairwise by ρ. */
    private void mix(float[] z0, float[] z1, float[] z2, int w) {
        float al = alpha;
        float be = beta;
        for (int x = 0; x < w; x++) {
            float s = be * (z0[x] + z1[x] + z2[x]);
            z0[x] = al * z0[x] + s;
            z1[x] = al * z1[x] + s;
            z2[x] = al * z2[x] + s;
        }
    }

    private void modulateRow(FloatImage in, FloatImage out, float[][] z, float[] line, int row, int w) {
        if (single) {
            float[] n = z[0];
            modulate(in.red(), out.red(), flat[0], bump[0], n, line, row, w);
            modulate(in.green(), out.green(), flat[1], bump[1], n, line, row, w);
            modulate(in.blue(), out.blue(), flat[2], bump[2], n, line, row, w);
        } else {
            modulate(in.red(), out.red(), flat[0], bump[0], z[0], line, row, w);
            modulate(in.green(), out.green(), flat[1], bump[1], z[1], line, row, w);
            modulate(in.blue(), out.blue(), flat[2], bump[2], z[2], line, row, w);
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

    /**
     * Rows of the unit grain field (mixed into layers in colour mode), {@code width} columns from x = 0, one
     * row after another from a start row. Each row hashes white noise for columns −r … width+r−1, filters it
     * horizontally into a ring of 2r+1 rows, and the ring is filtered vertically. Not thread-safe: one per
     * band.
     */
    private final class NoiseRows {
        private final int w;
        private final int taps;
        private final float[][][] ring;
        private final float[][] raw;
        private final float[][] z;
        private final float[][] rows;
        private final float[][] shifted;
        private final int[] columnKeys;
        private final int[] hashes;
        private final boolean one;
        private final int layers;
        private final float[] hy;
        private int next;

        /**
         * @param w   columns
         * @param y0  first row
         * @param one whether to render one field (mono hash) or three mixed layers (colour hash)
         */
        NoiseRows(int w, int y0, boolean one) {
            int r = radius;
            this.w = w;
            this.one = one;
            this.layers = one ? 1 : 3;
            this.hy = one ? hyMono : hyColour;
            int nf = layers;
            this.taps = 2 * r + 1;
            this.ring = new float[nf][taps][w];
            this.raw = new float[nf][w + 2 * r + 1];
            this.z = new float[nf][w];
            this.rows = new float[taps][];
            this.shifted = new float[4][w];
            this.columnKeys = columnKeys(w);
            this.hashes = new int[w + 2 * r];
            for (int y = y0 - r; y < y0 + r; y++) {
                hashRow(y);
            }
            this.next = y0;
        }

        /** @return the field's row {@code next} (valid until the following call), advancing by one row */
        float[][] next() {
            int r = radius;
            int y = next++;
            hashRow(y + r);
            for (int f = 0; f < layers; f++) {
                for (int j = 0; j < taps; j++) {
                    rows[j] = ring[f][Math.floorMod(y - r + j, taps)];
                }
                vertical(rows, z[f], hy, w);
            }
            if (!one) {
                mix(z[0], z[1], z[2], w);
            }
            return z;
        }

        /**
         * Hashes white noise for row {@code y} and filters it horizontally into the ring. Each pixel's 32-bit
         * hash mixes its column key with a SplitMix64 key of the row in two xor-shift-multiply rounds, so it
         * depends on (seed, x, y) alone, not on the band.
         */
        private void hashRow(int y) {
            int r = radius;
            int len = w + 2 * r;
            long rk = RenderContext.mix(seedKey + y * ROW_STEP);
            int k = (int) rk;
            int k2 = (int) (rk >>> 32);
            int[] hs = hashes;
            int[] cs = columnKeys;
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
            if (one) {
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
            int slot = Math.floorMod(y, taps);
            for (int f = 0; f < layers; f++) {
                horizontal(raw[f], ring[f][slot], shifted, w);
            }
        }
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

    /** z = Σ_j hy[j]·rows[j], using the kernel's symmetry; rows are taken two pairs per pass. */
    private void vertical(float[][] rows, float[] z, float[] hy, int w) {
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
