package dev.emulsion.depth;

import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;

/**
 * The lens-blur engine: layered back-to-front compositing of depth slices, each blurred by the aperture
 * at a resolution matched to its radius.
 *
 * <p>Layers. A pixel's signed circle-of-confusion radius {@code c} (px; positive behind the focal plane,
 * negative in front) places it in two adjacent slices of a fixed ladder of radii 0, 2, 2√2, 4, ... 256
 * px, split so that the blur's variance is interpolated (blur radius matches {@code c}). Each slice's
 * premultiplied colour and coverage are box-downsampled to a grid of cell size {@code s = 2^level}
 * (about radius/4 to radius/6 px, so every slice is blurred by a kernel of 2–6 grid cells: O(1) work per
 * image pixel per slice whatever the radius) and blurred there by the rasterized aperture with row prefix
 * sums (O(kernel rows) per cell). The disc blurred at low resolution is shrunk so that, with the
 * box-downsample and the bilinear upsampling cascade, the total variance equals that of the true CoC.
 *
 * <p>Occlusion. Slices behind the focal plane are composited "over", farthest first; slices in front are
 * composited "under", nearest first; both accumulators move from the coarsest grid to the finest by 2×
 * bilinear upsampling, and finally: near over (sharp slice over far). The result is divided by the total
 * coverage. So a sharp foreground never enters the background's blur (no halo: the background is
 * normalized over background pixels only), and a blurred foreground spreads over what lies behind it.
 *
 * <p>Bands. The image is cut into bands of rows processed independently with a margin that covers the
 * largest kernel; the band layout depends only on the image size and the largest radius, so the result
 * does not depend on the number of threads.
 */
final class LayeredBlur {
    /** Number of blurred slices per side; radius of slice k (1-based) is 2·√2^(k−1), the last is 256 px. */
    static final int LAYERS = 15;
    /** The largest blur radius in pixels the engine renders; larger CoCs are clamped. */
    static final float MAX_RADIUS = 256f;
    private static final double[] RADII = new double[LAYERS + 1];
    private static final int[] LEVEL = new int[LAYERS + 1];
    /** Cell level of the finer of slices lo and lo + 1 (lo = 0: slice 1's). */
    private static final int[] PAIR_LEVEL = new int[LAYERS + 1];
    private static final int LUT_PER_PX = 16;
    private static final int LUT_SIZE = (int) MAX_RADIUS * LUT_PER_PX + 2;
    /** Per |c| entry: lower slice index; its share of the upper slice for the far and the near side. */
    private static final byte[] LUT_LO = new byte[LUT_SIZE];
    private static final float[] LUT_T_FAR = new float[LUT_SIZE];
    private static final float[] LUT_T_NEAR = new float[LUT_SIZE];
    /** Per |c| entry: the sharp slice's share (0 unless the lower slice is the sharp one), far and near. */
    private static final float[] LUT_W0_FAR = new float[LUT_SIZE];
    private static final float[] LUT_W0_NEAR = new float[LUT_SIZE];
    /** Per |c| entry: bit k set when slice k (k ≥ 1) receives a share. */
    private static final long[] LUT_BITS = new long[LUT_SIZE];

    static {
        RADII[0] = 0;
        for (int k = 1; k <= LAYERS; k++) {
            RADII[k] = 2 * Math.pow(Math.sqrt(2), k - 1);
            LEVEL[k] = Math.max(1, (int) Math.floor(Math.log(RADII[k] / 4.0) / Math.log(2) + 1e-9));
        }
        for (int k = 0; k <= LAYERS; k++) {
            PAIR_LEVEL[k] = LEVEL[Math.max(1, k)];
        }
        for (int i = 0; i < LUT_SIZE; i++) {
            double c = Math.min(MAX_RADIUS, (double) i / LUT_PER_PX);
            int lo = 0;
            while (lo < LAYERS && RADII[lo + 1] <= c) {
                lo++;
            }
            double e = 0;
            if (lo < LAYERS) {
                double a = RADII[lo] * RADII[lo];
                double b = RADII[lo + 1] * RADII[lo + 1];
                e = (c * c - a) / (b - a); // variance-matched share of the upper slice
            }
            LUT_LO[i] = (byte) lo;
            LUT_T_FAR[i] = (float) shareFar(e);
            LUT_T_NEAR[i] = (float) shareNear(e);
            LUT_W0_FAR[i] = lo == 0 ? 1f - LUT_T_FAR[i] : 0f;
            LUT_W0_NEAR[i] = lo == 0 ? 1f - LUT_T_NEAR[i] : 0f;
            LUT_BITS[i] = (lo >= 1 ? 1L << lo : 0L) | (e > 0 && lo < LAYERS ? 1L << (lo + 1) : 0L);
        }
    }

    /**
     * Over-compositing a pixel split (1−t, t) between a slice and the slice behind it weights the rear by
     * t²/(1−t+t²) in a uniform region; this inverts that so the effective share is {@code e}.
     */
    private static double shareFar(double e) {
        if (e <= 0) {
            return 0;
        }
        if (e >= 1) {
            return 1;
        }
        return (-e + Math.sqrt(e * e + 4 * e * (1 - e))) / (2 * (1 - e));
    }

    /** For the near side the upper (more blurred) slice is in front: its weight is t/(t+(1−t)²); invert. */
    private static double shareNear(double e) {
        if (e <= 0) {
            return 0;
        }
        if (e >= 1) {
            return 1;
        }
        return ((1 + e) - Math.sqrt((1 + e) * (1 + e) - 4 * e * e)) / (2 * e);
    }

    /** @return the radius in px of slice {@code k} (0 = the sharp slice) */
    static double sliceRadius(int k) {
        return RADII[k];
    }

    /** Kernels per aperture shape: building them rasterizes 15 shapes, so a batch shares them. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Aperture.Kernel[]> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Aperture.Kernel[] kernels;

    LayeredBlur(Aperture aperture) {
        String key = aperture.toString();
        if (CACHE.size() > 64) {
            CACHE.clear();
        }
        this.kernels = CACHE.computeIfAbsent(key, k -> buildKernels(aperture));
    }

    private static Aperture.Kernel[] buildKernels(Aperture aperture) {
        Aperture.Kernel[] kernels = new Aperture.Kernel[LAYERS + 1];
        for (int k = 1; k <= LAYERS; k++) {
            int lv = LEVEL[k];
            double s = 1 << lv;
            // Variance already added (full-res px²): box downsample + bilinear upsampling cascade + the
            // pixel footprint of the rasterized kernel; a uniform disc of radius R has variance R²/4.
            double added = (s * s - 1) / 12.0 + s * s / 12.0;
            for (int j = 1; j <= lv; j++) {
                double sp = 1 << j;
                added += sp * sp / 6.0;
            }
            double r2 = RADII[k] * RADII[k] - 4 * added;
            double rLow = r2 > 0 ? Math.sqrt(r2) / s : 0;
            kernels[k] = aperture.kernel(rLow);
        }
        return kernels;
    }

    /**
     * Renders the lens blur.
     *
     * @param in        the image (not modified)
     * @param coc       signed CoC radius per pixel in px (positive = behind focus)
     * @param boostThr  highlight threshold (linear luminance) above which blurred light is boosted
     * @param boostGain extra gain for light at and above 1.0 (0 = off)
     * @param sch       the scheduler
     * @return a new image; alpha (if any) copied unchanged
     */
    FloatImage render(FloatImage in, float[] coc, float boostThr, float boostGain, StripScheduler sch) {
        final int w = in.width();
        final int h = in.height();
        float lo = 0;
        float hi = 0;
        for (float c : coc) {
            // Min/max reductions vectorize; a maximum of |c| with a branch does not.
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
        }
        float maxAbs = Math.min(Math.max(hi, -lo), MAX_RADIUS);
        FloatImage out = in.blankLike();
        if (maxAbs < 1f / LUT_PER_PX) {
            System.arraycopy(in.red(), 0, out.red(), 0, w * h);
            System.arraycopy(in.green(), 0, out.green(), 0, w * h);
            System.arraycopy(in.blue(), 0, out.blue(), 0, w * h);
            return out;
        }
        int k = 1;
        while (k < LAYERS && RADII[k] < maxAbs + 0.1) {
            k++;
        }
        final int layers = k;
        final int maxLevel = LEVEL[layers];
        final int align = 1 << maxLevel;
        final int margin = (int) Math.ceil(RADII[layers]) + 3 * align + 2;
        // Tall bands: the margin rows are computed twice, so they cost (band + 2·margin) / band. About 1024
        // rows each, but an even number of bands of equal height, so that two threads share the work
        // evenly (three 1024-row bands of a 12 MP image kept one thread busy twice as long as the other).
        int count = Math.max(2, (int) Math.round(h / 1024.0));
        count += count & 1;
        int band = Math.max((h + count - 1) / count, 4 * margin);
        band = (band + align - 1) / align * align;
        final int bandH = band;
        final int bands = (h + bandH - 1) / bandH;
        final Band.Params p = new Band.Params(in, coc, out, layers, maxLevel, align, margin, boostThr, boostGain);
        sch.forEach(bands, b -> new Band(p, b * bandH, Math.min(h, (b + 1) * bandH)).run());
        return out;
    }

    /** The work of one band of output rows; all scratch memory is its own. */
    private final class Band {
        /** What every band shares (read-only, except each band's own output rows). */
        static final class Params {
            final FloatImage in;
            final float[] coc;
            final FloatImage out;
            final int layers;
            final int maxLevel;
            final int align;
            final int margin;
            final float boostThr;
            final float boostGain;

            Params(FloatImage in, float[] coc, FloatImage out, int layers, int maxLevel, int align, int margin,
                   float boostThr, float boostGain) {
                this.in = in;
                this.coc = coc;
                this.out = out;
                this.layers = layers;
                this.maxLevel = maxLevel;
                this.align = align;
                this.margin = margin;
                this.boostThr = boostThr;
                this.boostGain = boostGain;
            }
        }

        private final Params p;
        private final int b0;
        private final int b1;
        private final int y0;
        private final int y1;
        private final int w;
        /** Slice grids, [side][k]: side 0 = far (behind focus), 1 = near. */
        private final Grid[][] slices;
        /**
         * What lies behind the near slices (sharp and far pixels), blurred by the largest near kernel: the
         * estimate of the background a blurred foreground lets through near its outline, where the image
         * itself shows only the foreground. {@code null} when the band has no near slice.
         */
        private Grid behind;
        private int behindK;

        Band(Params p, int b0, int b1) {
            this.p = p;
            this.b0 = b0;
            this.b1 = b1;
            this.w = p.in.width();
            this.y0 = Math.max(0, Math.floorDiv(b0 - p.margin, p.align) * p.align);
            this.y1 = Math.min(p.in.height(), b1 + p.margin);
            this.slices = new Grid[2][p.layers + 1];
        }

        private int gw(int lv) {
            return (w + (1 << lv) - 1) >> lv;
        }

        private int gh(int lv) {
            return (y1 - y0 + (1 << lv) - 1) >> lv;
        }

        void run() {
            findSlices();
            scatter();
            Grid far = null;
            Grid near = null;
            Grid fill = null;
            for (int lv = p.maxLevel; lv >= 1; lv--) {
                if (far != null) {
                    far = upsample(far, lv);
                }
                if (near != null) {
                    near = upsample(near, lv);
                }
                if (fill != null) {
                    fill = upsample(fill, lv);
                }
                if (behind != null && behind.level == lv) {
                    fill = embed(blur(behind, kernels[behindK]));
                    behind = null;
                }
                for (int k = p.layers; k >= 1; k--) {
                    if (LEVEL[k] != lv) {
                        continue;
                    }
                    Grid g = slices[0][k];
                    if (g != null) {
                        slices[0][k] = null;
                        if (far == null) {
                            far = new Grid(gw(lv), gh(lv), 0, 0, gh(lv), lv);
                        }
                        over(blur(g, kernels[k]), far);
                    }
                }
                for (int k = p.layers; k >= 1; k--) {
                    if (LEVEL[k] != lv) {
                        continue;
                    }
                    Grid g = slices[1][k];
                    if (g != null) {
                        slices[1][k] = null;
                        if (near == null) {
                            near = new Grid(gw(lv), gh(lv), 0, 0, gh(lv), lv);
                        }
                        under(blur(g, kernels[k]), near);
                    }
                }
            }
            compose(far, near, fill);
        }

        /** Finds which slices occur in the band, on which rows and in which 64-px column blocks. */
        private void findSlices() {
            int n = p.layers;
            int[][] minY = new int[2][n + 2];
            int[][] maxY = new int[2][n + 2];
            int[][] minX = new int[2][n + 2];
            int[][] maxX = new int[2][n + 2];
            for (int s = 0; s < 2; s++) {
                java.util.Arrays.fill(minY[s], Integer.MAX_VALUE);
                java.util.Arrays.fill(maxY[s], -1);
                java.util.Arrays.fill(minX[s], Integer.MAX_VALUE);
                java.util.Arrays.fill(maxX[s], -1);
            }
            float[] coc = p.coc;
            long[] blk = new long[(w + 63) >> 6];
            for (int y = y0; y < y1; y++) {
                int o = y * w;
                long rowBits = 0;
                for (int bx = 0; bx < w; bx += 64) {
                    int ex = Math.min(w, bx + 64);
                    // The slices a block touches follow from its extreme radii alone: the slice pair is
                    // monotonic in |c|, so every slice between those of the extremes is touched (a block
                    // with both signs is taken to reach the sharp end of both sides).
                    // Math.min/max reductions are what C2 vectorizes here (ternaries are not).
                    float mn = coc[o + bx];
                    float mx = mn;
                    for (int x = bx + 1; x < ex; x++) {
                        mn = Math.min(mn, coc[o + x]);
                        mx = Math.max(mx, coc[o + x]);
                    }
                    long bits = rangeBits(mn, mx);
                    blk[bx >> 6] = bits;
                    rowBits |= bits;
                }
                // First and last block of each slice in the row: only newly seen bits cost anything.
                int nb = (w + 63) >> 6;
                long seen = 0;
                for (int j = 0; j < nb && seen != rowBits; j++) {
                    long fresh = blk[j] & ~seen;
                    seen |= fresh;
                    while (fresh != 0) {
                        int kb = Long.numberOfTrailingZeros(fresh);
                        fresh &= fresh - 1;
                        minX[kb >>> 5][kb & 31] = Math.min(minX[kb >>> 5][kb & 31], j << 6);
                    }
                }
                seen = 0;
                for (int j = nb - 1; j >= 0 && seen != rowBits; j--) {
                    long fresh = blk[j] & ~seen;
                    seen |= fresh;
                    while (fresh != 0) {
                        int kb = Long.numberOfTrailingZeros(fresh);
                        fresh &= fresh - 1;
                        maxX[kb >>> 5][kb & 31] = Math.max(maxX[kb >>> 5][kb & 31], Math.min(w, (j + 1) << 6) - 1);
                    }
                }
                for (int s = 0; s < 2; s++) {
                    long sb = s == 0 ? rowBits : rowBits >>> 32;
                    for (int k = 1; k <= n; k++) {
                        if ((sb & (1L << k)) != 0) {
                            minY[s][k] = Math.min(minY[s][k], y - y0);
                            maxY[s][k] = Math.max(maxY[s][k], y - y0);
                        }
                    }
                }
            }
            for (int s = 0; s < 2; s++) {
                for (int k = 1; k <= n; k++) {
                    if (maxY[s][k] < 0) {
                        continue;
                    }
                    int lv = LEVEL[k];
                    int pad = kernels[k].radius + 1;
                    int g0 = Math.max(0, (minY[s][k] >> lv) - pad);
                    int g1 = Math.min(gh(lv), (maxY[s][k] >> lv) + pad + 1);
                    int c0 = Math.max(0, (minX[s][k] >> lv) - pad);
                    int c1 = Math.min(gw(lv), (maxX[s][k] >> lv) + pad + 1);
                    slices[s][k] = new Grid(c1 - c0, g1 - g0, g0, c0, gh(lv), lv);
                    if (s == 1) {
                        behindK = Math.max(behindK, k);
                    }
                }
            }
            if (behindK > 0) {
                // The estimate is read only under the near slices' reach: cover their cells plus the
                // kernel's reach and the up-sampling's spread, so that it is exact wherever it is read.
                int lv = LEVEL[behindK];
                int pad = kernels[behindK].radius + 4;
                int r0 = Integer.MAX_VALUE;
                int r1 = 0;
                int c0 = Integer.MAX_VALUE;
                int c1 = 0;
                for (int k = 1; k <= n; k++) {
                    Grid g = slices[1][k];
                    if (g == null) {
                        continue;
                    }
                    int l = g.level;
                    r0 = Math.min(r0, (g.row0 << l) >> lv);
                    r1 = Math.max(r1, (((g.row0 + g.h) << l) + (1 << lv) - 1) >> lv);
                    c0 = Math.min(c0, (g.col0 << l) >> lv);
                    c1 = Math.max(c1, (((g.col0 + g.w) << l) + (1 << lv) - 1) >> lv);
                }
                r0 = Math.max(0, r0 - pad);
                r1 = Math.min(gh(lv), r1 + pad);
                c0 = Math.max(0, c0 - pad);
                c1 = Math.min(gw(lv), c1 + pad);
                behind = new Grid(c1 - c0, r1 - r0, r0, c0, gh(lv), lv);
            }
        }

        /** @return the grid placed in a zero grid of its level's full band size */
        private Grid embed(Grid part) {
            int lv = part.level;
            if (part.row0 == 0 && part.col0 == 0 && part.w == gw(lv) && part.h == gh(lv)) {
                return part;
            }
            Grid full = new Grid(gw(lv), gh(lv), 0, 0, gh(lv), lv);
            for (int ch = 0; ch < 4; ch++) {
                float[] src = part.plane(ch);
                float[] dst = full.plane(ch);
                for (int y = 0; y < part.h; y++) {
                    System.arraycopy(src, y * part.w, dst, (part.row0 + y) * full.w + part.col0, part.w);
                }
            }
            return full;
        }

        /** Slice bits (far in bits 1–31, near in 33–63) of pixels whose radii lie in [mn, mx]. */
        private long rangeBits(float mn, float mx) {
            long bits = 0;
            if (mx >= 0f) {
                int top = 63 - Long.numberOfLeadingZeros(LUT_BITS[lutIndex(mx)]);
                int bottom = mn >= 0f ? Math.max(1, LUT_LO[lutIndex(mn)]) : 1;
                if (top >= bottom) {
                    bits |= (-1L >>> (63 - top)) & (-1L << bottom);
                }
            }
            if (mn < 0f) {
                int top = 63 - Long.numberOfLeadingZeros(LUT_BITS[lutIndex(mn)]);
                int bottom = mx < 0f ? Math.max(1, LUT_LO[lutIndex(mx)]) : 1;
                if (top >= bottom) {
                    bits |= ((-1L >>> (63 - top)) & (-1L << bottom)) << 32;
                }
            }
            return bits;
        }

        private int lutIndex(float c) {
            int i = (int) (Math.abs(c) * LUT_PER_PX + 0.5f);
            return i < LUT_SIZE - 1 ? i : LUT_SIZE - 1;
        }

        /**
         * Adds each pixel's premultiplied (boosted) colour and coverage to its two slices' cells. Every grid
         * has cells of at least 2×2 px and the band starts on an even row, so the image is read in 2×2
         * blocks, each inside one cell of every grid. A block whose four radii fall in the same pair of
         * slices and that holds no highlight to boost (nearly every block: depth is smooth almost everywhere)
         * is added as one item, its colour sum split by the shares at its mean radius; other blocks (depth
         * edges, highlights, the odd last row or column) pixel by pixel.
         */
        private void scatter() {
            float[] r = p.in.red();
            float[] g = p.in.green();
            float[] b = p.in.blue();
            float[] coc = p.coc;
            float thr = p.boostThr;
            boolean boost = p.boostGain > 0f;
            Grid bh = behind;
            int bLevel = bh != null ? bh.level : 0;
            int bx0 = bh != null ? bh.col0 << bLevel : 0;
            int bx1 = bh != null ? (bh.col0 + bh.w) << bLevel : 0;
            int top = p.layers;
            for (int y = y0; y < y1; y += 2) {
                int yy = y - y0;
                int o = y * w;
                boolean twoRows = y + 1 < y1;
                boolean hasBehind = bh != null && (yy >> bLevel) >= bh.row0 && (yy >> bLevel) < bh.row0 + bh.h;
                int xEnd = twoRows ? w & ~1 : 0;
                // The two grids of the current slice pair, cached while consecutive blocks stay in it.
                int runKey = -1;
                int runLo = 0;
                float[] lr = null;
                float[] lg = null;
                float[] lb = null;
                float[] la = null;
                int lLv = 0;
                int lBase = 0;
                float[] hr = null;
                float[] hg = null;
                float[] hb = null;
                float[] ha = null;
                int hLv = 0;
                int hBase = 0;
                for (int x = 0; x < xEnd; x += 2) {
                    int ia = o + x;
                    int ib = ia + w;
                    float c0 = coc[ia];
                    float c1 = coc[ia + 1];
                    float c2 = coc[ib];
                    float c3 = coc[ib + 1];
                    // Sign and the exponent of c² (half-octaves of the radius, the ladder's spacing): equal
                    // keys put all four pixels in one slice pair, so the block can be added as one item.
                    int k0 = Float.floatToRawIntBits(c0) >>> 31 << 8 | Float.floatToRawIntBits(c0 * c0) >>> 23;
                    int k1 = Float.floatToRawIntBits(c1) >>> 31 << 8 | Float.floatToRawIntBits(c1 * c1) >>> 23;
                    int k2 = Float.floatToRawIntBits(c2) >>> 31 << 8 | Float.floatToRawIntBits(c2 * c2) >>> 23;
                    int k3 = Float.floatToRawIntBits(c3) >>> 31 << 8 | Float.floatToRawIntBits(c3 * c3) >>> 23;
                    if (((k0 ^ k1) | (k0 ^ k2) | (k0 ^ k3)) != 0) {
                        pixels(x, y, 2, 2, hasBehind, bx0, bx1);
                        runKey = -1;
                        continue;
                    }
                    float r0 = r[ia];
                    float r1 = r[ia + 1];
                    float r2 = r[ib];
                    float r3 = r[ib + 1];
                    float g0 = g[ia];
                    float g1 = g[ia + 1];
                    float g2 = g[ib];
                    float g3 = g[ib + 1];
                    float b0 = b[ia];
                    float b1 = b[ia + 1];
                    float b2 = b[ib];
                    float b3 = b[ib + 1];
                    if (boost && (r0 > thr | r1 > thr | r2 > thr | r3 > thr | g0 > thr | g1 > thr | g2 > thr
                            | g3 > thr | b0 > thr | b1 > thr | b2 > thr | b3 > thr)) {
                        pixels(x, y, 2, 2, hasBehind, bx0, bx1);
                        runKey = -1;
                        continue;
                    }
                    float sr = (r0 + r1) + (r2 + r3);
                    float sg = (g0 + g1) + (g2 + g3);
                    float sb = (b0 + b1) + (b2 + b3);
                    float c = ((c0 + c1) + (c2 + c3)) * 0.25f;
                    int i = lutIndex(c);
                    boolean nearSide = c < 0f;
                    float t = nearSide ? LUT_T_NEAR[i] : LUT_T_FAR[i];
                    int lo = LUT_LO[i];
                    int key = (nearSide ? 256 : 0) | lo;
                    if (key != runKey) {
                        runKey = key;
                        runLo = lo;
                        Grid[] side = slices[nearSide ? 1 : 0];
                        if (lo >= 1) {
                            Grid gl = side[lo];
                            lr = gl.r;
                            lg = gl.g;
                            lb = gl.b;
                            la = gl.a;
                            lLv = gl.level;
                            lBase = ((yy >> lLv) - gl.row0) * gl.w - gl.col0;
                        }
                        if (lo < top) {
                            Grid gh = side[lo + 1];
                            hr = gh != null ? gh.r : null;
                            hg = gh != null ? gh.g : null;
                            hb = gh != null ? gh.b : null;
                            ha = gh != null ? gh.a : null;
                            hLv = gh != null ? gh.level : 0;
                            hBase = gh != null ? ((yy >> hLv) - gh.row0) * gh.w - gh.col0 : 0;
                        }
                    }
                    if (hasBehind && x >= bx0 && x < bx1) {
                        float wb = !nearSide ? 1f : (lo == 0 ? 1f - t : 0f);
                        if (wb > 0f) {
                            bh.addSum(x, yy, wb * sr, wb * sg, wb * sb, 4f * wb);
                        }
                    }
                    float sh = 1f - t;
                    if (runLo >= 1) {
                        int q = lBase + (x >> lLv);
                        lr[q] += sh * sr;
                        lg[q] += sh * sg;
                        lb[q] += sh * sb;
                        la[q] += 4f * sh;
                    }
                    if (t > 0f && runLo < top) {
                        int q = hBase + (x >> hLv);
                        hr[q] += t * sr;
                        hg[q] += t * sg;
                        hb[q] += t * sb;
                        ha[q] += 4f * t;
                    }
                }
                if (xEnd < w) {
                    // The odd last column, or a band's odd last row.
                    for (int x = xEnd; x < w; x += 2) {
                        pixels(x, y, Math.min(2, w - x), twoRows ? 2 : 1, hasBehind, bx0, bx1);
                    }
                }
            }
        }

        /** Adds the pixels of a block of {@code nx × ny} at image (x, y) one by one (see {@link #scatter}). */
        private void pixels(int x, int y, int nx, int ny, boolean hasBehind, int bx0, int bx1) {
            float thr = p.boostThr;
            float gain = p.boostGain;
            float invSpan = 1f / Math.max(1e-3f, 1f - thr);
            int yy = y - y0;
            boolean inBehind = hasBehind && x >= bx0 && x < bx1;
            for (int q = 0; q < ny; q++) {
                for (int d = 0; d < nx; d++) {
                    int oo = (y + q) * w + x + d;
                    float c = p.coc[oo];
                    float cr = p.in.red()[oo];
                    float cg = p.in.green()[oo];
                    float cb = p.in.blue()[oo];
                    int i = lutIndex(c);
                    int lo = LUT_LO[i];
                    boolean nearSide = c < 0f;
                    float t = nearSide ? LUT_T_NEAR[i] : LUT_T_FAR[i];
                    if (inBehind) {
                        // Unboosted: the estimate of the background stands in for unseen surfaces.
                        float wb = !nearSide ? 1f : (lo == 0 ? 1f - t : 0f);
                        if (wb > 0f) {
                            behind.addSum(x, yy, wb * cr, wb * cg, wb * cb, wb);
                        }
                    }
                    if (gain > 0f && (cr > thr || cg > thr || cb > thr)) {
                        // Clipped highlights stood for much more light: boost them, more as blur grows.
                        float peak = cr > cg ? (cr > cb ? cr : cb) : (cg > cb ? cg : cb);
                        float u = Math.min(1f, (peak - thr) * invSpan);
                        float v = Math.min(1f, Math.max(0f, (Math.abs(c) - 1f) * (1f / 3f)));
                        float f = 1f + gain * u * u * (3f - 2f * u) * v;
                        cr *= f;
                        cg *= f;
                        cb *= f;
                    }
                    Grid[] side = slices[nearSide ? 1 : 0];
                    float sh = 1f - t;
                    if (lo >= 1) {
                        side[lo].addSum(x, yy, sh * cr, sh * cg, sh * cb, sh);
                    }
                    if (t > 0f && lo < p.layers) {
                        side[lo + 1].addSum(x, yy, t * cr, t * cg, t * cb, t);
                    }
                }
            }
        }

        /** Scratch reused by every blur of this band (a band runs on one thread). */
        private float[] prefix = new float[0];
        private float[] acc = new float[0];
        private float[] s0 = new float[0];
        private float[] s1 = new float[0];
        private float[] s2 = new float[0];
        private float[] s3 = new float[0];
        private float[] s4 = new float[0];
        private float[] s5 = new float[0];


        /** Blurs a slice grid by the kernel (result normalized per image pixel: cells hold s² pixels). */
        private Grid blur(Grid src, Aperture.Kernel k) {
            Grid dst = new Grid(src.w, src.h, src.row0, src.col0, src.fullH, src.level);
            float norm = k.weight / (1 << (2 * src.level));
            int pad = k.radius + 2;
            int len = src.w + 2 * pad;
            int planeLen = src.h * (len + 1);
            if (prefix.length < 4 * planeLen) {
                prefix = new float[4 * planeLen];
            }
            if (acc.length < src.w) {
                acc = new float[src.w];
                s0 = new float[src.w];
                s1 = new float[src.w];
                s2 = new float[src.w];
                s3 = new float[src.w];
                s4 = new float[0];
                s5 = new float[0];

            }
            if (s4.length < len + 1) {
                s4 = new float[len + 1];
                s5 = new float[len + 1];
            }
            float[] pf = prefix;
            float[] ac = acc;
            int sw = src.w;
            // Apertures are symmetric top to bottom, so rows dy and −dy usually have the same run: such
            // pairs are summed in one pass (their prefix rows added first), halving the passes over acc.
            int rows = k.dy.length;
            int[] ia = new int[rows];
            int[] ib = new int[rows];
            float[] fa = new float[rows];
            float[] fb = new float[rows];
            int[] dyA = new int[rows];
            int[] dyB = new int[rows];
            boolean[] used = new boolean[rows];
            int runs = 0;
            for (int j = 0; j < rows; j++) {
                if (used[j]) {
                    continue;
                }
                used[j] = true;
                int mate = -1;
                for (int m = j + 1; m < rows; m++) {
                    if (!used[m] && k.dy[m] == -k.dy[j] && k.dy[j] != 0
                            && k.left[m] == k.left[j] && k.right[m] == k.right[j]) {
                        mate = m;
                        break;
                    }
                }
                if (mate >= 0) {
                    used[mate] = true;
                }
                double l = Math.floor(k.left[j]);
                double r = Math.floor(k.right[j]);
                ia[runs] = (int) l;
                ib[runs] = (int) r;
                fa[runs] = (float) (k.left[j] - l);
                fb[runs] = (float) (k.right[j] - r);
                dyA[runs] = k.dy[j];
                dyB[runs] = mate >= 0 ? k.dy[mate] : Integer.MIN_VALUE;
                runs++;
            }
            // Prefix sums of the zero-padded rows: pf[ch·planeLen + po + i] = sum of cells before padded
            // index i. Summed in double and stored in float: each value is the rounded exact sum. The four
            // channels run together so that their four dependency chains overlap.
            float[] sr = src.r;
            float[] sg = src.g;
            float[] sb = src.b;
            float[] sa = src.a;
            // Only the span of non-empty cells of each row is summed and blurred: a slice is mostly empty
            // outside a few objects or a strip of the ground, and its bounding box is not. Outside the
            // spans the prefix sums are constant, so the skipped outputs are exactly zero.
            int[] first = new int[src.h];
            int[] last = new int[src.h];
            for (int y = 0; y < src.h; y++) {
                int so = y * sw;
                int f = 0;
                while (f < sw && sa[so + f] == 0f) {
                    f++;
                }
                int l = sw - 1;
                while (l > f && sa[so + l] == 0f) {
                    l--;
                }
                first[y] = f;
                last[y] = f < sw ? l : -1;
            }
            for (int y = 0; y < src.h; y++) {
                int po = y * (len + 1);
                int so = y * sw;
                int xs = first[y];
                int xe = last[y] + 1;
                for (int ch = 0; ch < 4; ch++) {
                    java.util.Arrays.fill(pf, ch * planeLen + po, ch * planeLen + po + pad + 1 + Math.min(xs, sw), 0f);
                }
                double r0 = 0;
                double r1 = 0;
                double r2 = 0;
                double r3 = 0;
                int q = po + pad + 1;
                for (int x = xs; x < xe; x++) {
                    r0 += sr[so + x];
                    r1 += sg[so + x];
                    r2 += sb[so + x];
                    r3 += sa[so + x];
                    pf[q + x] = (float) r0;
                    pf[planeLen + q + x] = (float) r1;
                    pf[2 * planeLen + q + x] = (float) r2;
                    pf[3 * planeLen + q + x] = (float) r3;
                }
                int tail = Math.max(xe, Math.min(xs, sw));
                java.util.Arrays.fill(pf, q + tail, po + len + 1, (float) r0);
                java.util.Arrays.fill(pf, planeLen + q + tail, planeLen + po + len + 1, (float) r1);
                java.util.Arrays.fill(pf, 2 * planeLen + q + tail, 2 * planeLen + po + len + 1, (float) r2);
                java.util.Arrays.fill(pf, 3 * planeLen + q + tail, 3 * planeLen + po + len + 1, (float) r3);
            }
            // Output span per row: the union of the spans of the rows the kernel reads, widened by its reach.
            int reach = k.radius + 3;
            int[] outS = new int[dst.h];
            int[] outE = new int[dst.h];
            for (int y = 0; y < dst.h; y++) {
                int a = Integer.MAX_VALUE;
                int b = -1;
                for (int j = 0; j < rows; j++) {
                    int sy = y + k.dy[j];
                    if (sy >= 0 && sy < src.h && last[sy] >= 0) {
                        a = Math.min(a, first[sy]);
                        b = Math.max(b, last[sy]);
                    }
                }
                outS[y] = b < 0 ? 0 : Math.max(0, a - reach);
                outE[y] = b < 0 ? 0 : Math.min(sw, b + reach + 1);
            }
            dst.spanS = outS;
            dst.spanE = outE;
            for (int ch = 0; ch < 4; ch++) {
                float[] d = dst.plane(ch);
                int cb = ch * planeLen;
                for (int y = 0; y < dst.h; y++) {
                    int xs = outS[y];
                    int xe = outE[y];
                    if (xs >= xe) {
                        continue;
                    }
                    java.util.Arrays.fill(ac, xs, xe, 0f);
                    for (int j = 0; j < runs; j++) {
                        int ya = y + dyA[j];
                        int yb = dyB[j] == Integer.MIN_VALUE ? -1 : y + dyB[j];
                        boolean inA = ya >= 0 && ya < src.h;
                        boolean inB = yb >= 0 && yb < src.h;
                        if (!inA && !inB) {
                            continue;
                        }
                        float wa = fa[j];
                        float wb = fb[j];
                        // The four prefix sums per row are copied to scratch rows aligned on x first: a loop
                        // whose loads and store all use the same index is one that C2 vectorizes.
                        int n = xe - xs;
                        if (inA && inB) {
                            // Sum over [x + left, x + right) of both rows = P(x + right) − P(x + left), P
                            // interpolated, with P the sum of the two rows' prefix sums.
                            int pa0 = cb + ya * (len + 1) + pad;
                            int pb0 = cb + yb * (len + 1) + pad;
                            int lo = ia[j] + xs;
                            int m = ib[j] - ia[j] + n + 1;
                            float[] su = s4;
                            float[] tv = s5;
                            System.arraycopy(pf, pa0 + lo, su, 0, m);
                            System.arraycopy(pf, pb0 + lo, tv, 0, m);
                            for (int i = 0; i < m; i++) {
                                su[i] += tv[i];
                            }
                            System.arraycopy(su, 0, s0, xs, n);
                            System.arraycopy(su, 1, s1, xs, n);
                            System.arraycopy(su, ib[j] - ia[j], s2, xs, n);
                            System.arraycopy(su, ib[j] - ia[j] + 1, s3, xs, n);
                            lerpRun(ac, s0, s1, s2, s3, wa, wb, xs, xe);
                        } else {
                            int po = cb + (inA ? ya : yb) * (len + 1) + pad;
                            System.arraycopy(pf, po + ia[j] + xs, s0, xs, n);
                            System.arraycopy(pf, po + ia[j] + 1 + xs, s1, xs, n);
                            System.arraycopy(pf, po + ib[j] + xs, s2, xs, n);
                            System.arraycopy(pf, po + ib[j] + 1 + xs, s3, xs, n);
                            lerpRun(ac, s0, s1, s2, s3, wa, wb, xs, xe);
                        }
                    }
                    for (int x = xs; x < xe; x++) {
                        ac[x] *= norm;
                    }
                    System.arraycopy(ac, xs, d, y * dst.w + xs, xe - xs);
                }
            }
            return dst;
        }

        /** {@code ac += P(x + right) − P(x + left)}, each P interpolated between its two aligned rows. */
        private static void lerpRun(float[] ac, float[] a0, float[] a1, float[] b0, float[] b1, float wa, float wb,
                                    int xs, int xe) {
            for (int x = xs; x < xe; x++) {
                float pa = a0[x] + wa * (a1[x] - a0[x]);
                float pb = b0[x] + wb * (b1[x] - b0[x]);
                ac[x] += pb - pa;
            }
        }

        /** Back-to-front: {@code acc = layer + (1 − A_layer)·acc} on the layer's rectangle. */
        private void over(Grid layer, Grid acc) {
            float[] la = layer.a;
            int lw = layer.w;
            for (int ch = 0; ch < 4; ch++) {
                float[] l = layer.plane(ch);
                float[] a = acc.plane(ch);
                for (int y = 0; y < layer.h; y++) {
                    // Outside the layer's span it is empty: acc is unchanged there.
                    int xs = layer.spanS != null ? layer.spanS[y] : 0;
                    int xe = layer.spanE != null ? layer.spanE[y] : lw;
                    int lo = y * lw;
                    int ao = (layer.row0 + y) * acc.w + layer.col0;
                    for (int x = xs; x < xe; x++) {
                        a[ao + x] = l[lo + x] + (1f - la[lo + x]) * a[ao + x];
                    }
                }
            }
        }

        /** Front-to-back: {@code acc += (1 − A_acc)·layer} on the layer's rectangle. */
        private void under(Grid layer, Grid acc) {
            float[] aa = acc.a;
            int lw = layer.w;
            for (int y = 0; y < layer.h; y++) {
                int xs = layer.spanS != null ? layer.spanS[y] : 0;
                int xe = layer.spanE != null ? layer.spanE[y] : lw;
                int lo = y * lw;
                int ao = (layer.row0 + y) * acc.w + layer.col0;
                for (int ch = 0; ch < 3; ch++) {
                    float[] l = layer.plane(ch);
                    float[] a = acc.plane(ch);
                    for (int x = xs; x < xe; x++) {
                        a[ao + x] += (1f - aa[ao + x]) * l[lo + x];
                    }
                }
                float[] l = layer.a;
                for (int x = xs; x < xe; x++) {
                    aa[ao + x] += (1f - aa[ao + x]) * l[lo + x];
                }
            }
        }

        /**
         * 2× bilinear upsampling of an accumulator to level {@code lv}: only each row's span of covered cells
         * (empty cells are exactly zero and stay so).
         */
        private Grid upsample(Grid c, int lv) {
            Grid f = new Grid(gw(lv), gh(lv), 0, 0, gh(lv), lv);
            float[] tmp = new float[c.w];
            int[][] sp = spans(c);
            for (int y = 0; y < f.h; y++) {
                int[] s = tapSpan(sp, y);
                if (s == null) {
                    continue;
                }
                int x0 = Math.max(0, 2 * s[0] - 2);
                int x1 = Math.min(f.w, 2 * s[1] + 4);
                for (int ch = 0; ch < 4; ch++) {
                    expandRange(c.plane(ch), c.w, c.h, y, tmp, f.plane(ch), y * f.w, x0, x1);
                }
            }
            return f;
        }

        /** Fine row from a coarse row: fine x = 2m takes 1/4 of m−1 and 3/4 of m; 2m+1 takes 3/4 m, 1/4 m+1. */
        private void expandRow(float[] tmp, int cw, float[] dst, int o, int fw) {
            if (cw == 1) {
                java.util.Arrays.fill(dst, o, o + fw, tmp[0]);
                return;
            }
            dst[o] = tmp[0];
            if (fw > 1) {
                dst[o + 1] = 0.75f * tmp[0] + 0.25f * tmp[1];
            }
            int mEnd = Math.min(cw - 1, (fw - 1) / 2);
            for (int m = 1; m < mEnd; m++) {
                float c = tmp[m];
                dst[o + 2 * m] = 0.25f * tmp[m - 1] + 0.75f * c;
                dst[o + 2 * m + 1] = 0.75f * c + 0.25f * tmp[m + 1];
            }
            for (int x = Math.max(2, 2 * mEnd); x < fw; x++) {
                int m = x >> 1;
                int xa = (x & 1) == 0 ? Math.max(0, m - 1) : Math.min(cw - 1, m + 1);
                int xb = Math.min(cw - 1, m);
                dst[o + x] = 0.25f * tmp[xa] + 0.75f * tmp[xb];
            }
        }

        /** The full-resolution pass: near over (sharp slice over far), normalized by coverage. */
        private void compose(Grid far, Grid near, Grid fill) {
            float[][] fr = new float[4][w];
            float[][] nr = new float[4][w];
            float[][] fl = new float[4][w];
            float[] tmp = new float[Math.max(1, gw(1))];
            // Rows of an accumulator with no coverage contribute exactly nothing: skip their up-sampling.
            // The near accumulator is non-zero only around foreground objects: per row, only its span of
            // covered cells (widened by the up-sampling's reach) is up-sampled and composed in full; the
            // rest of the row takes the short path, whose arithmetic is the same for zero near coverage.
            // The far accumulator is up-sampled across first, once per coarse row (each serves four
            // image rows), and down in the compositing loops.
            int[][] farSpan = spans(far);
            int[][] nearSpan = spans(near);
            for (int y = b0; y < b1; y++) {
                int yy = y - y0;
                boolean hasFar = far != null && tapSpan(farSpan, yy) != null;
                int[] ns = near != null ? tapSpan(nearSpan, yy) : null;
                boolean hasNear = ns != null;
                boolean hasFill = fill != null && hasNear;
                float[][] ha = null;
                float[][] hb = null;
                if (hasFar) {
                    int m = yy >> 1;
                    int ya = (yy & 1) == 0 ? Math.max(0, m - 1) : Math.min(far.h - 1, m + 1);
                    int yb = Math.min(far.h - 1, m);
                    ha = acrossRow(far, ya);
                    hb = acrossRow(far, yb);
                }
                if (!hasNear) {
                    if (hasFar) {
                        composeFar(y, 0, w, ha, hb);
                    } else {
                        composeRange(y, 0, w, false, false, false, fr, nr, fl);
                    }
                    continue;
                }
                if (hasFar) {
                    for (int ch = 0; ch < 4; ch++) {
                        float[] pa = ha[ch];
                        float[] pb = hb[ch];
                        float[] d = fr[ch];
                        for (int x = 0; x < w; x++) {
                            d[x] = 0.25f * pa[x] + 0.75f * pb[x];
                        }
                    }
                }
                int nx0 = Math.max(0, 2 * ns[0] - 2);
                int nx1 = Math.min(w, 2 * ns[1] + 4);
                for (int ch = 0; ch < 4; ch++) {
                    expandRange(near.plane(ch), near.w, near.h, yy, tmp, nr[ch], 0, nx0, nx1);
                }
                if (hasFill) {
                    for (int ch = 0; ch < 4; ch++) {
                        expandRange(fill.plane(ch), fill.w, fill.h, yy, tmp, fl[ch], 0, nx0, nx1);
                    }
                }
                if (hasFar) {
                    composeFar(y, 0, nx0, ha, hb);
                } else {
                    composeRange(y, 0, nx0, false, false, false, fr, nr, fl);
                }
                composeRange(y, nx0, nx1, hasFar, true, hasFill, fr, nr, fl);
                if (hasFar) {
                    composeFar(y, nx1, w, ha, hb);
                } else {
                    composeRange(y, nx1, w, false, false, false, fr, nr, fl);
                }
            }
        }

        /** Three image-width rows of the far accumulator up-sampled across, by coarse row (row mod 3). */
        private float[][][] across;
        private final int[] acrossOf = {-1, -1, -1};
        private float[] acrossTmp;

        /** @return coarse row {@code row} of level-1 grid {@code g} up-sampled across to image width */
        private float[][] acrossRow(Grid g, int row) {
            if (across == null) {
                across = new float[3][4][w];
                acrossTmp = new float[g.w];
            }
            int slot = row % 3;
            if (acrossOf[slot] != row) {
                for (int ch = 0; ch < 4; ch++) {
                    System.arraycopy(g.plane(ch), row * g.w, acrossTmp, 0, g.w);
                    expandRow(acrossTmp, g.w, across[slot][ch], 0, w);
                }
                acrossOf[slot] = row;
            }
            return across[slot];
        }

        /** Row scratch of {@link #composeFar}: sharp share, colour, weights. */
        private float[] cW;
        private float[] cR;
        private float[] cG;
        private float[] cB;
        private float[] cK;
        private float[] cI;
        private float[] cA;

        /**
         * Pixels [x0, x1) of row {@code y} where only the sharp slice and the far accumulator contribute, the
         * accumulator given by the two across-up-sampled rows it is interpolated between (weights 1/4, 3/4).
         * Split into a table look-up pass and flat per-channel passes over x-aligned rows, which C2
         * vectorizes; same arithmetic as {@link #composeRange}.
         */
        private void composeFar(int y, int x0, int x1, float[][] ha, float[][] hb) {
            if (x0 >= x1) {
                return;
            }
            if (cW == null) {
                cW = new float[w];
                cR = new float[w];
                cG = new float[w];
                cB = new float[w];
                cK = new float[w];
                cI = new float[w];
                cA = new float[w];
            }
            int o = y * w;
            float[] coc = p.coc;
            int n = x1 - x0;
            float[] kv = cK;
            float[] iv = cI;
            float[] av = cA;
            float[] a3 = ha[3];
            float[] b3 = hb[3];
            float mn = coc[o + x0];
            float mx = mn;
            for (int x = x0 + 1; x < x1; x++) {
                mn = Math.min(mn, coc[o + x]);
                mx = Math.max(mx, coc[o + x]);
            }
            if (mn >= 2f || mx <= -2f) {
                // No pixel keeps a sharp share (|c| ≥ 2 px: the table's share is exactly 0), so the result
                // is the far accumulator alone: the same arithmetic without reading the image.
                for (int x = x0; x < x1; x++) {
                    float fa = 0.25f * a3[x] + 0.75f * b3[x];
                    av[x] = fa;
                    iv[x] = 1f / fa;
                }
                lerpScale(cR, ha[0], hb[0], iv, x0, x1);
                lerpScale(cG, ha[1], hb[1], iv, x0, x1);
                lerpScale(cB, ha[2], hb[2], iv, x0, x1);
            } else {
                float[] wv = cW;
                for (int x = x0; x < x1; x++) {
                    float c = coc[o + x];
                    int i = lutIndex(c);
                    wv[x] = c < 0 ? LUT_W0_NEAR[i] : LUT_W0_FAR[i];
                }
                System.arraycopy(p.in.red(), o + x0, cR, x0, n);
                System.arraycopy(p.in.green(), o + x0, cG, x0, n);
                System.arraycopy(p.in.blue(), o + x0, cB, x0, n);
                for (int x = x0; x < x1; x++) {
                    float w0 = wv[x];
                    float k = 1f - w0;
                    float fa = w0 + k * (0.25f * a3[x] + 0.75f * b3[x]);
                    kv[x] = k;
                    av[x] = fa;
                    iv[x] = 1f / fa;
                }
                mix(wv, cR, kv, ha[0], hb[0], iv, x0, x1);
                mix(wv, cG, kv, ha[1], hb[1], iv, x0, x1);
                mix(wv, cB, kv, ha[2], hb[2], iv, x0, x1);
            }
            for (int x = x0; x < x1; x++) {
                if (!(av[x] > 1e-6f)) {
                    // No coverage at all: keep the input.
                    cR[x] = p.in.red()[o + x];
                    cG[x] = p.in.green()[o + x];
                    cB[x] = p.in.blue()[o + x];
                }
            }
            System.arraycopy(cR, x0, p.out.red(), o + x0, n);
            System.arraycopy(cG, x0, p.out.green(), o + x0, n);
            System.arraycopy(cB, x0, p.out.blue(), o + x0, n);
        }

        /** {@code c = (a/4 + 3b/4) · inv}. */
        private static void lerpScale(float[] c, float[] a, float[] b, float[] iv, int x0, int x1) {
            for (int x = x0; x < x1; x++) {
                c[x] = (0.25f * a[x] + 0.75f * b[x]) * iv[x];
            }
        }

        /** {@code c = (w0·c + k·(a/4 + 3b/4)) · inv}, in place. */
        private static void mix(float[] wv, float[] c, float[] kv, float[] a, float[] b, float[] iv, int x0, int x1) {
            for (int x = x0; x < x1; x++) {
                c[x] = (wv[x] * c[x] + kv[x] * (0.25f * a[x] + 0.75f * b[x])) * iv[x];
            }
        }

        /** Horizontal half of {@link #expandRange}: fine pixels [x0, x1) from a coarse row's taps. */
        private static void expandTaps(float[] tmp, int cw, float[] dst, int off, int x0, int x1) {
            if (cw == 1) {
                java.util.Arrays.fill(dst, off + x0, off + x1, tmp[0]);
                return;
            }
            int mA = Math.max(1, (x0 + 1) >> 1);
            int mB = Math.max(mA, Math.min(cw - 1, x1 >> 1));
            for (int x = x0; x < Math.min(x1, 2 * mA); x++) {
                dst[off + x] = expandAt(tmp, cw, x);
            }
            for (int j = mA; j < mB; j++) {
                float c = tmp[j];
                dst[off + 2 * j] = 0.25f * tmp[j - 1] + 0.75f * c;
                dst[off + 2 * j + 1] = 0.75f * c + 0.25f * tmp[j + 1];
            }
            for (int x = Math.max(x0, 2 * mB); x < x1; x++) {
                dst[off + x] = expandAt(tmp, cw, x);
            }
        }

        /** Up-samples fine row {@code y}'s pixels [x0, x1) of a level-1 plane; same values as {@link #expandRow}. */
        private void expandRange(float[] src, int cw, int chh, int y, float[] tmp, float[] dst, int off, int x0,
                                 int x1) {
            if (x0 >= x1) {
                return;
            }
            int m0 = Math.max(0, (x0 >> 1) - 1);
            int m1 = Math.min(cw, ((x1 - 1) >> 1) + 2);
            int m = y >> 1;
            int ya;
            int yb;
            if ((y & 1) == 0) {
                ya = Math.max(0, m - 1);
                yb = Math.min(chh - 1, m);
            } else {
                ya = Math.min(chh - 1, m + 1);
                yb = Math.min(chh - 1, m);
            }
            int oa = ya * cw;
            int ob = yb * cw;
            for (int x = m0; x < m1; x++) {
                tmp[x] = 0.25f * src[oa + x] + 0.75f * src[ob + x];
            }
            expandTaps(tmp, cw, dst, off, x0, x1);
        }

        /** Fine pixel {@code x} of a coarse row, as {@link #expandRow} computes it (cw &gt; 1). */
        private static float expandAt(float[] tmp, int cw, int x) {
            if (x == 0) {
                return tmp[0];
            }
            int mm = x >> 1;
            int xa = (x & 1) == 0 ? Math.max(0, mm - 1) : Math.min(cw - 1, mm + 1);
            int xb = Math.min(cw - 1, mm);
            return 0.25f * tmp[xa] + 0.75f * tmp[xb];
        }

        /** Composes output pixels [x0, x1) of image row {@code y} from the up-sampled rows. */
        private void composeRange(int y, int x0, int x1, boolean hasFar, boolean hasNear, boolean hasFill,
                                  float[][] fr, float[][] nr, float[][] fl) {
            float[] r = p.in.red();
            float[] g = p.in.green();
            float[] b = p.in.blue();
            float[] or = p.out.red();
            float[] og = p.out.green();
            float[] ob = p.out.blue();
            float[] coc = p.coc;
            int o = y * w;
            if (hasFar && !hasNear) {
                // Most pixels: only the sharp slice and the far accumulator (same arithmetic as below).
                float[] f0 = fr[0];
                float[] f1 = fr[1];
                float[] f2 = fr[2];
                float[] f3 = fr[3];
                for (int x = x0; x < x1; x++) {
                    float c = coc[o + x];
                    int i = lutIndex(c);
                    float w0 = c < 0 ? LUT_W0_NEAR[i] : LUT_W0_FAR[i];
                    float cr = r[o + x];
                    float cg = g[o + x];
                    float cb = b[o + x];
                    float k = 1f - w0;
                    float fcr = w0 * cr + k * f0[x];
                    float fcg = w0 * cg + k * f1[x];
                    float fcb = w0 * cb + k * f2[x];
                    float fa = w0 + k * f3[x];
                    if (fa > 1e-6f) {
                        float inv = 1f / fa;
                        or[o + x] = fcr * inv;
                        og[o + x] = fcg * inv;
                        ob[o + x] = fcb * inv;
                    } else {
                        or[o + x] = cr;
                        og[o + x] = cg;
                        ob[o + x] = cb;
                    }
                }
                return;
            }
            float[] fr0 = fr[0];
            float[] fr1 = fr[1];
            float[] fr2 = fr[2];
            float[] fr3 = fr[3];
            float[] nr0 = nr[0];
            float[] nr1 = nr[1];
            float[] nr2 = nr[2];
            float[] nr3 = nr[3];
            float[] fl0 = fl[0];
            float[] fl1 = fl[1];
            float[] fl2 = fl[2];
            float[] fl3 = fl[3];
            for (int x = x0; x < x1; x++) {
                float c = coc[o + x];
                int i = lutIndex(c);
                float w0 = c < 0 ? LUT_W0_NEAR[i] : LUT_W0_FAR[i];
                float cr = r[o + x];
                float cg = g[o + x];
                float cb = b[o + x];
                float fcr = w0 * cr;
                float fcg = w0 * cg;
                float fcb = w0 * cb;
                float fa = w0;
                if (hasFar) {
                    float k = 1f - w0;
                    fcr += k * fr0[x];
                    fcg += k * fr1[x];
                    fcb += k * fr2[x];
                    fa += k * fr3[x];
                }
                if (hasFill && fa < 1f && fl3[x] > 1e-4f) {
                    // Under a blurred foreground the image holds no background: let the blurred
                    // surroundings show through its soft outline instead of renormalizing it to opaque.
                    // Gated by the foreground's coverage, so holes left by sharp foregrounds in a blurred
                    // background are still renormalized (no halo).
                    float gate = Math.min(1f, 20f * nr3[x]);
                    float k = gate * (1f - fa) / fl3[x];
                    fcr += k * fl0[x];
                    fcg += k * fl1[x];
                    fcb += k * fl2[x];
                    fa += gate * (1f - fa);
                }
                if (hasNear) {
                    float k = 1f - nr3[x];
                    fcr = nr0[x] + k * fcr;
                    fcg = nr1[x] + k * fcg;
                    fcb = nr2[x] + k * fcb;
                    fa = nr3[x] + k * fa;
                }
                if (fa > 1e-6f) {
                    float inv = 1f / fa;
                    or[o + x] = fcr * inv;
                    og[o + x] = fcg * inv;
                    ob[o + x] = fcb * inv;
                } else {
                    or[o + x] = cr;
                    og[o + x] = cg;
                    ob[o + x] = cb;
                }
            }
        }

        /**
         * @return per row of a level-1 accumulator the first and last cell with coverage (last &lt; first
         *         for an empty row); null for no grid
         */
        private int[][] spans(Grid gr) {
            if (gr == null) {
                return null;
            }
            int[][] span = new int[gr.h][];
            float[] a = gr.a;
            for (int y = 0; y < gr.h; y++) {
                int o = y * gr.w;
                int f = 0;
                while (f < gr.w && a[o + f] == 0f) {
                    f++;
                }
                if (f == gr.w) {
                    continue;
                }
                int l = gr.w - 1;
                while (l > f && a[o + l] == 0f) {
                    l--;
                }
                span[y] = new int[] {f, l};
            }
            return span;
        }

        /**
         * @return the union of the spans of the coarse rows that the 2× up-sampling reads for fine row
         *         {@code y}, or null when both are empty
         */
        private static int[] tapSpan(int[][] span, int y) {
            int ch = span.length;
            int m = y >> 1;
            int ya = (y & 1) == 0 ? Math.max(0, m - 1) : Math.min(ch - 1, m + 1);
            int yb = Math.min(ch - 1, m);
            int[] a = span[ya];
            int[] b = span[yb];
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
        }
    }

    /** Premultiplied colour + coverage planes over cells [col0, col0 + w) × [row0, row0 + h) of a level's band grid. */
    private static final class Grid {
        final int w;
        final int h;
        final int row0;
        final int col0;
        final int fullH;
        final int level;
        final float[] r;
        final float[] g;
        final float[] b;
        final float[] a;
        /** Per row, the cells outside [spanS, spanE) are zero; null when not known (whole rows). */
        int[] spanS;
        int[] spanE;

        Grid(int w, int h, int row0, int col0, int fullH, int level) {
            this.w = w;
            this.h = h;
            this.row0 = row0;
            this.col0 = col0;
            this.fullH = fullH;
            this.level = level;
            int n = w * h;
            r = new float[n];
            g = new float[n];
            b = new float[n];
            a = new float[n];
        }

        float[] plane(int ch) {
            switch (ch) {
                case 0: return r;
                case 1: return g;
                case 2: return b;
                default: return a;
            }
        }

        /** Adds premultiplied colour and coverage to the cell holding image pixel (x, band row y). */
        void addSum(int x, int y, float cr, float cg, float cb, float ca) {
            int i = ((y >> level) - row0) * w + (x >> level) - col0;
            r[i] += cr;
            g[i] += cg;
            b[i] += cb;
            a[i] += ca;
        }
    }
}
